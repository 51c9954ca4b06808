/*
 * What the registration and heartbeat packets carry (REGTP, HEARTSORT,
 * m0 REGEN, gprs232 CLOUDEN). docs/network.md lists the bytes of each
 * content; where no manual says, this is the library's decision:
 * ICCID, IMEI and SN are the device's digits as ASCII text; REGID is the
 * number in decimal ASCII; cloud is the 20-digit ID followed by the
 * 8-character password; MAC is the six address bytes; LBS is "LAC,CID".
 */
#include "engine.h"

#include <string.h>

static size_t info_packet(struct usrdtu *dev, enum usrdtu_info item, uint8_t *buf, size_t cap)
{
	int len = info_get(dev, item, 0, (char *)buf, cap);

	return len > 0 ? (size_t)len : 0;
}

static size_t mac_packet(struct usrdtu *dev, uint8_t *buf, size_t cap)
{
	char text[24];
	int len = info_get(dev, USRDTU_INFO_MAC, 0, text, sizeof text);
	size_t i, out = 0;

	/* twelve hex digits, possibly with ':' or '-' between the pairs */
	for (i = 0; len > 0 && i + 1 < (size_t)len && out < 6 && out < cap; i++) {
		int hi = text_hex_value((uint8_t)text[i]), lo = text_hex_value((uint8_t)text[i + 1]);

		if (hi < 0)
			continue;
		if (lo < 0)
			return 0;
		buf[out++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return out == 6 ? out : 0;
}

static size_t lbs_packet(struct usrdtu *dev, uint8_t *buf, size_t cap)
{
	int lac = info_get(dev, USRDTU_INFO_LAC, 0, (char *)buf, cap / 2);
	int cid;

	if (lac <= 0)
		return 0;
	buf[lac] = ',';
	cid = info_get(dev, USRDTU_INFO_CELL_ID, 0, (char *)buf + lac + 1, cap - (size_t)lac - 1);
	return cid > 0 ? (size_t)lac + 1 + (size_t)cid : 0;
}

/* The bytes of one content: in buf, or in the settings (*out points there). */
static size_t content_packet(struct usrdtu *dev, uint8_t content, const uint8_t *user_field,
			     uint8_t *buf, size_t cap, const uint8_t **out)
{
	const struct usrdtu_settings *s = &dev->active;
	size_t len;

	*out = buf;
	switch (content) {
	case USRDTU_CONTENT_ICCID:
		return info_packet(dev, USRDTU_INFO_ICCID, buf, cap);
	case USRDTU_CONTENT_IMEI:
		return info_packet(dev, USRDTU_INFO_IMEI, buf, cap);
	case USRDTU_CONTENT_SN:
		return info_packet(dev, USRDTU_INFO_SN, buf, cap);
	case USRDTU_CONTENT_REGID:
		return text_u32(buf, s->reg_id);
	case USRDTU_CONTENT_CLOUD:
		len = text_length(s->cloud_id, sizeof s->cloud_id);
		memcpy(buf, s->cloud_id, len);
		memcpy(buf + len, s->cloud_pass, text_length(s->cloud_pass, sizeof s->cloud_pass));
		return len + text_length(s->cloud_pass, sizeof s->cloud_pass);
	case USRDTU_CONTENT_MAC:
		return mac_packet(dev, buf, cap);
	case USRDTU_CONTENT_LBS:
		return lbs_packet(dev, buf, cap);
	default: /* USER, and UDC whose device ID sits in REGDT */
		*out = user_field + 2;
		return usrdtu_hex_len(user_field);
	}
}

typedef char net_packet_buf_fits_cloud[NET_PACKET_BUF >= USRDTU_CLOUD_ID_LEN + USRDTU_CLOUD_PASS_LEN ? 1 : -1];

size_t net_registration(struct usrdtu *dev, uint8_t buf[NET_PACKET_BUF], const uint8_t **out)
{
	const struct usrdtu_settings *s = &dev->active;
	uint8_t content = s->reg_content;

	/* gprs232 CLOUDEN: the module logs in to USR-Cloud with its ID and password */
	if (s->cloud_enabled)
		content = USRDTU_CONTENT_CLOUD;
	else if (s->reg_enabled == USRDTU_REGEN_OFF)
		return 0;
	else if (s->reg_enabled == USRDTU_REGEN_MAC) /* m0 REGEN=mac */
		content = USRDTU_CONTENT_MAC;
	else if (s->reg_enabled == USRDTU_REGEN_USER) /* m0 REGEN=usr */
		content = USRDTU_CONTENT_USER;
	return content_packet(dev, content, s->reg_data, buf, NET_PACKET_BUF, out);
}

size_t net_heartbeat(struct usrdtu *dev, uint8_t buf[NET_PACKET_BUF], const uint8_t **out)
{
	const struct usrdtu_settings *s = &dev->active;

	if (!s->heart_enabled || s->heart_interval_s == 0)
		return 0;
	return content_packet(dev, s->heart_content, s->heart_data, buf, NET_PACKET_BUF, out);
}
