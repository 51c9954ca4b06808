/*
 * cat1 login security (SAFEATEN, SIGNINAT): with it on, command mode answers
 * error 73 to everything but AT+SIGNINAT=<password> until the password has
 * been given. Passwords are compared in constant time, and after each wrong
 * one further attempts are refused for a time that doubles per failure.
 * The login lasts until command mode is left or the module restarts.
 * Password-prefixed commands (serial, network, SMS AT) carry their own
 * password and are not affected.
 */
#include "engine.h"

#include <string.h>

/* Used for every password check (serial AT frames too); it lives here, with
 * the login, rather than among the parser's byte helpers. */
int text_equal_ct(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t longest = alen > blen ? alen : blen;
	size_t i;
	unsigned diff = (unsigned)(alen ^ blen);

	/* Every byte of the longer input is looked at whatever the outcome,
	 * so the time taken does not tell how much of a guess was right. */
	for (i = 0; i < longest; i++) {
		uint8_t x = i < alen ? a[i] : 0;
		uint8_t y = i < blen ? b[i] : 0;

		diff |= (unsigned)(x ^ y);
	}
	return diff == 0;
}

static int login_active(const struct usrdtu *dev)
{
	return (dev->profile->flags & AT_P_LOGIN) && dev->active.login_required;
}

int login_allows(const struct usrdtu *dev, const struct at_cmd *cmd)
{
	if (!login_active(dev) || dev->logged_in || dev->at_source != AT_SOURCE_COMMAND)
		return 1;
	return cmd != NULL && cmd->nparams > 0 && (cmd->params[0].flags & AT_PF_NOLOGIN);
}

void login_reset(struct usrdtu *dev)
{
	dev->logged_in = 0;
}

static uint32_t refusal_ms(uint8_t failures)
{
	uint32_t ms = USRDTU_CFG_LOGIN_DELAY_MS;
	uint8_t i;

	for (i = 1; i < failures && ms < USRDTU_CFG_LOGIN_DELAY_MAX_MS; i++)
		ms *= 2u;
	return ms < USRDTU_CFG_LOGIN_DELAY_MAX_MS ? ms : USRDTU_CFG_LOGIN_DELAY_MAX_MS;
}

int cmd_signin(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	const struct at_arg *pw = &call->argv[0];
	const char *stored = dev->active.login_password;

	if (call->form != AT_FORM_SET)
		return AT_R_DEFAULT;
	if (login_active(dev) && !dev->logged_in) {
		if (dev->login_failures > 0 && (int32_t)(dev->now_ms - dev->login_until_ms) < 0)
			return -AT_E_LOGIN; /* still refused after the last wrong password */
		if (!text_equal_ct(pw->text, pw->len, (const uint8_t *)stored,
				   text_length(stored, sizeof dev->active.login_password))) {
			if (dev->login_failures < UINT8_MAX)
				dev->login_failures++;
			dev->stats.login_failures++;
			dev->login_until_ms = dev->now_ms + refusal_ms(dev->login_failures);
			return -AT_E_LOGIN;
		}
		dev->logged_in = 1;
		dev->login_failures = 0;
		return AT_R_OK;
	}
	/* logged in (or no login needed): a new password, in force at once
	 * like AT+E, and kept by AT+S like every other setting */
	param_store(&cmd->params[0], &dev->pending, pw, 0);
	param_store(&cmd->params[0], &dev->active, pw, 0);
	return AT_R_OK;
}
