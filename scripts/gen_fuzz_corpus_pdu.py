#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz target fuzz/fuzz_pdu.c.

    python3 scripts/gen_fuzz_corpus_pdu.py            # rewrites fuzz/corpus/pdu/

Each seed is one input in fuzz_pdu's format (the comment at the top of
fuzz/fuzz_pdu.c): a first byte whose bits 1:0 pick the mode, then a PDU
(mode 0), hex text (1), a stream of reassembly parts (2) or encoder options
and a text (3). The PDUs are the published ones tests/test_sms_pdu.c cites.

The seeds are committed; CI does not run this script. Run it again after
changing it and commit what it writes.
"""

from corpus_lib import Corpus

CORPUS = Corpus("pdu")

MODE_PDU, MODE_HEX, MODE_REASSEMBLY, MODE_ENCODE = 0, 1, 2, 3
GSM7, BIT8, UCS2, AUTO = 0, 1, 2, 3
F_STATUS_REPORT, F_REJECT_DUP, F_FLASH, F_REF16 = 1, 2, 4, 8

# name: (hex, source) -- see the citations in tests/test_sms_pdu.c
PDUS = {
    "df_deliver_hellohello": "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37",
    "df_submit_hellohello": "0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
    "of_deliver_negative_zone": "07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07",
    "of_deliver_alnum": "0791447758100650040DD0F334FC1CA6970100008080312170224008D4F29CDE0EA7D9",
    "of_submit_smsc": "079153485002020911000C915348870420140000A71154747A0E4ACF41F4F29C9E769F4121",
    "of_submit_ext": "0001000B915310101010100000151BC58602DAA036A9CD6BC3DBF436BE0D705306",
    "of_submit_ems": "0041000B915121551532F40000631A0A031906200A032104100A03270504"
                     "0A032E05080A043807002B8ACD29A85D9ECFC3E7F21C340EBB41E3B79B1"
                     "E4EBB41697A989D1EB340E2379BCC02B1C3F27399059AB7C36C3628EC26"
                     "83C66FF65B5E2683E8653C1D",
    "of_concat_ucs2_part3": "038121F340048155550119906041001222044A0500"
                            "031E0303043C043D043004420443002C00200"
                            "43F043E043704300431044B0432000A043404"
                            "3004360435002C002004470442043E0020002"
                            "00431044B043B0020043D04300433002E",
    "nk_deliver_ucs2": "07910201956905F0040B910201014160F3000820219130521580040628062A",
    "cs_deliver_ucs2_chinese": "0891683108200505F0040D91683105155694F5000850208151754500044F60597D",
    "pp_submit_ucs2_chinese": "0891683108100005F011000D91683109423346F90008000A5DE54F5C61095FEBFF01",
    "av_submit_8bit_ref16": "0051000C912943524295050004AA0F060804112F01014869206475646521",
    "ns_deliver_fill_bits": "00440D91683157121468F000009930925161958019"
                            "0A22080B912143658709F180B2CBE17919242FC3D979",
    "no_deliver_alnum_11": "000414D032584C4683DD7239580C" "0000" "99309251619580" "00",
}


def seed(name, data):
    CORPUS.add(name, data)


def part(dt, sender, coding, ref16, ref, total, seq, body):
    kind = (sender & 3) | ((coding & 3) << 2) | (0x10 if ref16 else 0)
    return bytes([dt, kind, ref, total, seq, len(body)]) + body


def encode(options, ref, text):
    if isinstance(text, str):
        text = text.encode("utf-8")
    return bytes([MODE_ENCODE, options, ref]) + text


def opts(coding, flags=0, vp_mode=0):
    return coding | (flags << 2) | (vp_mode << 6)


def main():
    for name, hexpdu in PDUS.items():
        seed("pdu_" + name, bytes([MODE_PDU]) + bytes.fromhex(hexpdu))
    for name in ("df_deliver_hellohello", "cs_deliver_ucs2_chinese", "ns_deliver_fill_bits"):
        seed("hex_" + name, bytes([MODE_HEX]) + PDUS[name].lower().encode())

    r = bytes([MODE_REASSEMBLY])
    seed("reasm_out_of_order_dup",
         r + part(1, 0, GSM7, 0, 7, 3, 3, b"CC") + part(1, 0, GSM7, 0, 7, 3, 1, b"AA")
         + part(1, 0, GSM7, 0, 7, 3, 1, b"AA") + part(1, 0, GSM7, 0, 7, 3, 2, b"BB"))
    seed("reasm_timeout",
         r + part(1, 1, GSM7, 0, 1, 2, 1, b"x") + part(200, 1, GSM7, 0, 1, 2, 2, b"y")
         + bytes([0xFF]) + part(1, 1, GSM7, 0, 1, 2, 1, b"z"))
    seed("reasm_table_full",
         r + b"".join(part(1, i & 3, GSM7, 0, i, 2, 1, b"m%d" % i) for i in range(6))
         + part(1, 0, GSM7, 0, 0, 2, 2, b"!"))
    seed("reasm_parts_full",
         r + b"".join(part(1, 0, GSM7, 0, 1, 8, s, b"p") for s in range(1, 8))
         + part(1, 1, GSM7, 0, 2, 2, 1, b"q") + part(1, 2, GSM7, 0, 3, 2, 1, b"r"))
    seed("reasm_too_long_and_mismatch",
         r + part(1, 0, GSM7, 0, 4, 9, 1, b"z") + part(1, 0, GSM7, 0, 5, 2, 1, b"ab")
         + part(1, 0, BIT8, 0, 5, 2, 2, b"cd") + part(1, 0, AUTO, 0, 5, 2, 2, b"cd"))
    seed("reasm_split_characters",
         r + part(1, 0, GSM7, 0, 1, 2, 1, b"a\x1b") + part(1, 0, GSM7, 0, 1, 2, 2, b"\x65z")
         + part(1, 3, UCS2, 1, 2, 2, 2, b"\xde\x00\x00\x7a")
         + part(1, 3, UCS2, 1, 2, 2, 1, b"\x00\x61\xd8\x3d"))
    seed("reasm_single_and_bad_seq",
         r + part(1, 0, GSM7, 0, 0, 0, 0, b"hello") + part(1, 0, GSM7, 0, 1, 2, 3, b"x")
         + part(1, 0, GSM7, 0, 1, 2, 1, b"a" * 160))

    seed("enc_hellohello", encode(opts(GSM7, 0, 2), 0xAA, "hellohello"))
    seed("enc_auto_chinese", encode(opts(AUTO), 1, "工作愉快！你好"))
    seed("enc_extension", encode(opts(GSM7), 2, "€[]{}~\\^|\f and more"))
    seed("enc_long_gsm7", encode(opts(AUTO), 3, "Zeile {x} [€] ~ | ^\\ " * 12))
    seed("enc_long_ucs2_ref16", encode(opts(UCS2, F_REF16), 4, "工作愉快，\U0001F600 ok" * 25))
    seed("enc_8bit_flags", encode(opts(BIT8, F_STATUS_REPORT | F_REJECT_DUP | F_FLASH, 1), 5,
                                  bytes(range(256))))
    seed("enc_split_escape", encode(opts(GSM7), 6, "a" * 152 + "€" + "b" * 10))
    seed("enc_split_surrogate", encode(opts(UCS2), 7, "你" * 66 + "\U0001F600" + "好" * 3))
    seed("enc_bad_utf8", encode(opts(AUTO), 8, b"ok\xc0\x80"))
    seed("enc_empty", encode(opts(GSM7), 9, b""))


if __name__ == "__main__":
    main()
    CORPUS.write()
