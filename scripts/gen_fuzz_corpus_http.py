#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz target fuzz/fuzz_http.c.

    python3 scripts/gen_fuzz_corpus_http.py       # rewrites fuzz/corpus/http/

Each seed is one input in fuzz_http's format: a flags byte (filter, how the
response is cut into reads, finish, a second response, the builder's method
and port), a parameter byte, then the bytes of one HTTP response, which also
give the request builder its URL, header and frame. The responses are the
shapes docs/http.md describes: Content-Length, chunked with extensions and
trailers, close-delimited, interim 1xx, 204/304, and one of each malformed
class.

The seeds are committed; CI does not run this script. Run it again after
changing it and commit what it writes.
"""


from corpus_lib import Corpus

FILTER, FINISH, AGAIN, POST, PORT = 0x01, 0x10, 0x20, 0x40, 0x80
ONE_READ, BYTES, TWO_READS, FIXED, RAND16, RAND256, RAND4, RAND_EMPTY = range(8)

CORPUS = Corpus("http")


def seed(name, flags, pattern, param, resp):
    if isinstance(resp, str):
        resp = resp.encode("latin-1")
    CORPUS.add(name, bytes([flags | (pattern << 1), param]) + resp)


H200 = "HTTP/1.1 200 OK\r\n"
CHK = H200 + "Transfer-Encoding: chunked\r\n\r\n"

# test.usr.cn/1.php as 001 describes it: it echoes what follows data=
USR = ("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Mon, 23 Nov 2026 12:00:00 GMT\r\n"
       "Content-Type: text/html; charset=UTF-8\r\nContent-Length: 10\r\n"
       "Connection: keep-alive\r\n\r\nwww.usr.cn")
seed("usr_get_example", FILTER, ONE_READ, 0x06, USR)
seed("usr_get_example_raw", 0, BYTES, 0x06, USR)
seed("usr_post_example", FILTER | POST, RAND16, 0x17, USR)
seed("usr_port_8080", FILTER | PORT, TWO_READS, 0x40, USR)

CHUNKED = (CHK + "5;name=value\r\nhello\r\n6 ; a=\"b;c\"\r\n world\r\n000a\r\n0123456789\r\n"
           "0;last\r\nX-Checksum: 1\r\nContent-Length: 9\r\n\r\n")
seed("chunked", FILTER, ONE_READ, 0x00, CHUNKED)
seed("chunked_bytes", FILTER, BYTES, 0x00, CHUNKED)
seed("chunked_split", FILTER, TWO_READS, 77, CHUNKED)
seed("chunked_raw_random", 0, RAND4, 0x31, CHUNKED)
seed("chunked_then_more", FILTER | AGAIN, RAND_EMPTY, 0x22, CHUNKED + "HTTP/1.1 200 OK\r\n")
seed("chunked_lf_only", FILTER, FIXED, 3,
     "HTTP/1.1 200 OK\nTransfer-Encoding:\n chunked\n\n3;e\nabc\n0\nT: x\n\n")
seed("chunked_max_size", FILTER | FINISH, RAND256, 0, CHK + "0000FFFFFFFF\r\nabc")
seed("chunked_gzip_last", FILTER | FINISH, ONE_READ, 0,
     H200 + "Transfer-Encoding: chunked, gzip\r\n\r\n2\r\nab\r\n0\r\n\r\n")

seed("close_delimited", FILTER | FINISH, RAND16, 0x05,
     "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nbody until the close")
seed("close_delimited_raw", FINISH, BYTES, 0x05,
     "HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nbody until the close")
seed("interim_100", FILTER, RAND4, 0x10,
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
     + H200 + "Content-Length: 2\r\n\r\nok")
seed("no_body_204", FILTER, ONE_READ, 0x00,
     "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\nafter")
seed("no_body_304", FILTER | AGAIN, BYTES, 0x00,
     "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n")
seed("keep_alive_10", FILTER, ONE_READ, 0x00,
     "HTTP/1.0 200 OK\r\nConnection: Keep-Alive, x\r\nContent-Length: 1\r\n\r\nz")
seed("length_list", FILTER, FIXED, 5,
     H200 + "content-length: 3, 3,\r\nCONTENT-LENGTH:003 \r\n\r\nabcdef")
seed("length_max", FILTER | FINISH, RAND16, 0, H200 + "Content-Length: 4294967295\r\n\r\nxyz")
seed("folded_fields", FILTER, BYTES, 0,
     H200 + "X-A: 1\r\n 2\r\n\t3\r\nContent-Length: 5\r\n \r\n\r\nhello")

# one of each malformed class
seed("bad_status", FILTER, ONE_READ, 0, "HTTP/1.1 20 OK\r\n\r\n")
seed("bad_status_garbage", 0, BYTES, 0, "<html><body>not http</body></html>")
seed("bad_header", FILTER, ONE_READ, 0, H200 + "NoColon\r\n\r\n")
seed("bad_header_cr", FILTER, BYTES, 0, H200 + "A: b\rC: d\r\n\r\n")
seed("bad_length", FILTER, ONE_READ, 0, H200 + "Content-Length: 4294967296\r\n\r\n")
seed("bad_length_two", FILTER, RAND4, 0, H200 + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n")
seed("bad_chunk_size", FILTER, ONE_READ, 0, CHK + "5g\r\nhello\r\n0\r\n\r\n")
seed("bad_chunk_range", FILTER, BYTES, 0, CHK + "100000000\r\n")
seed("bad_chunk_end", 0, TWO_READS, 40, CHK + "5\r\nhelloX\r\n0\r\n\r\n")
seed("bad_truncated", FILTER | FINISH, RAND16, 0, H200 + "Content-Length: 10\r\n\r\nshort")
seed("bad_no_response", FILTER | FINISH, ONE_READ, 0, "")
seed("bad_line_long", FILTER, RAND256, 0, H200 + "X: " + "v" * 520 + "\r\n\r\n")
seed("line_at_limit", FILTER, RAND256, 0, H200 + "X: " + "v" * 509 + "\r\nContent-Length: 1\r\n\r\nx")
seed("bad_head_long", FILTER, RAND256, 0, H200 + "X-Filler: 0123456789abcdef\r\n" * 300 + "\r\n")

# the builder: bytes that are encoded, '%' escapes, a host from the data
seed("build_encoding", FILTER, ONE_READ, 0x0F, "/a b%41%zz#?\r\n\x00\x80\xff%")
seed("build_header_no_crlf", POST, ONE_READ, 0x13, "/x?User_Agent: Mozilla/4.0\rdata")
seed("build_bad_host", PORT, ONE_READ, 0x83, "a b/1.php?data")


if __name__ == "__main__":
    CORPUS.write()
