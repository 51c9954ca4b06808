/*
 * Settings persistence end to end, through the public API: AT+S with the
 * power cut at every byte, AT+CFGTF / AT+RELD, AT+CLEAR, and the profiles
 * that save each set at once. A power cycle is a fresh usrdtu_init() over
 * the same mock flash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "mock_hal.h"
#include "usrdtu/usrdtu.h"

/* Large: static, not on the stack. */
static struct usrdtu dev;
static struct mock_hal m;
static uint8_t snapshot[2][MOCK_SLOT_SIZE];
static struct usrdtu_settings old_active, new_active, factory;

static const char *send(const char *line)
{
	return mock_send(&dev, &m, line);
}

static void expect_ok(const char *line)
{
	const char *reply = send(line);

	/* the start message may follow the OK of a command that restarts */
	if (strncmp(reply, "\r\nOK\r\n", 6) != 0 && strncmp(reply, "\r\n+ok\r\n", 7) != 0)
		fail_msg("%s gave \"%s\"", line, reply);
}

static void power_cycle(const struct usrdtu_profile *profile)
{
	m.power_cut = 0;
	m.power_budget = -1;
	assert_int_equal(usrdtu_init(&dev, profile, &mock_hal_ops, &m), 0);
}

static void assert_settings_equal(const struct usrdtu_settings *a, const struct usrdtu_settings *b)
{
	size_t i;

	for (i = 0; i < sizeof *a; i++) {
		if (((const uint8_t *)a)[i] != ((const uint8_t *)b)[i])
			fail_msg("settings differ first at byte %u", (unsigned)i);
	}
}

/* gprs232 from blank flash, into command mode for good (WKMOD CMD), echo
 * off, and saved: the "old" settings. */
static void boot_old_gprs232(void)
{
	mock_init(&m);
	power_cycle(&usrdtu_profile_gprs232);
	mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
	send("AT+E=\"off\"\r");
	expect_ok("AT+WKMOD=\"CMD\"\r");
	expect_ok("AT+STMSG=\"old message\"\r");
	expect_ok("AT+SOCKA=\"TCP\",\"old.example\",1000\r");
	expect_ok("AT+REGID=5\r");
	expect_ok("AT+HTPHD=\"A: b[0D][0A][80][FF]\"\r");
	expect_ok("AT+S\r");
	assert_true(usrdtu_in_command_mode(&dev));
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, "old message");
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 0);
}

/* The "new" settings: many changes, none saved yet. */
static void set_new_gprs232(void)
{
	mock_clear(&m);
	expect_ok("AT+STMSG=\"new\"\r");
	expect_ok("AT+SOCKA=\"UDP\",\"new.example.org\",2000\r");
	expect_ok("AT+SOCKBEN=\"on\"\r");
	expect_ok("AT+SOCKB=\"TCP\",\"10.1.2.3\",7\r");
	expect_ok("AT+REGID=65536\r");
	expect_ok("AT+REGDT=\"00FF00FF7E\"\r");
	expect_ok("AT+UART=921600,\"EVEN\",7,2,\"CRTS\"\r");
	expect_ok("AT+HTPHD=\"\"\r");
	expect_ok("AT+CMDPW=\"pw[0D]\"\r");
	expect_ok("AT+HEARTTM=65535\r");
	expect_ok("AT+APN=\"apn.example\",\"user\",\"pass\"\r");
}

/* AT+S with the power cut at every byte: after the next power-on the
 * running settings are all old or all new. */
static void test_save_power_cut(void **state)
{
	unsigned budget, cuts = 0;
	int seen_new = 0;

	(void)state;
	boot_old_gprs232();
	settings_factory(&usrdtu_profile_gprs232, &factory);
	memcpy(&old_active, usrdtu_active_settings(&dev), sizeof old_active);
	memcpy(snapshot, m.flash, sizeof snapshot);

	/* the new settings as a full save leaves them */
	set_new_gprs232();
	expect_ok("AT+S\r");
	memcpy(&new_active, usrdtu_active_settings(&dev), sizeof new_active);
	assert_string_equal(new_active.start_message, "new");
	assert_int_equal(new_active.reg_id, 65536);
	assert_int_equal(new_active.uart.baud, 921600);
	assert_string_equal(new_active.cmd_password, "pw\r");
	assert_true(memcmp(&old_active, &new_active, sizeof old_active) != 0);
	assert_true(memcmp(&old_active, &factory, sizeof old_active) != 0);

	for (budget = 0;; budget++) {
		const char *reply;
		int done;

		memcpy(m.flash, snapshot, sizeof snapshot);
		power_cycle(&usrdtu_profile_gprs232);
		assert_true(usrdtu_in_command_mode(&dev));
		assert_settings_equal(usrdtu_active_settings(&dev), &old_active);
		set_new_gprs232();
		m.power_budget = (long)budget;
		reply = send("AT+S\r");
		done = m.power_budget > 0;
		if (!done)
			cuts++;
		if (done && strncmp(reply, "\r\nOK\r\n", 6) != 0)
			fail_msg("budget %u: the save had power to spare and gave \"%s\"", budget, reply);
		/* a save the power cut is not reported as done */
		if (m.power_cut && strcmp(reply, "\r\n+CME ERROR:50\r\n") != 0)
			fail_msg("budget %u: a cut save gave \"%s\"", budget, reply);

		power_cycle(&usrdtu_profile_gprs232);
		if (memcmp(usrdtu_active_settings(&dev), &new_active, sizeof new_active) == 0) {
			seen_new = 1;
		} else {
			if (memcmp(usrdtu_active_settings(&dev), &old_active, sizeof old_active) != 0)
				fail_msg("budget %u: neither the old nor the new settings", budget);
			assert_false(seen_new);
		}
		if (done)
			break;
	}
	assert_true(seen_new);
	print_message("AT+S cut at %u points\n", cuts);
	assert_true(cuts > 100);
}

/* AT+CFGTF keeps the user defaults, AT+RELD brings them back; AT+CLEAR
 * makes both the factory ones. */
static void test_user_defaults_and_clear(void **state)
{
	const struct usrdtu_settings *a;

	(void)state;
	boot_old_gprs232();
	settings_factory(&usrdtu_profile_gprs232, &factory);
	expect_ok("AT+STMSG=\"user default\"\r");
	expect_ok("AT+REGID=77\r");
	expect_ok("AT+CFGTF\r");
	/* no restart: the running settings are still the saved ones */
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, "old message");

	expect_ok("AT+STMSG=\"changed\"\r");
	expect_ok("AT+REGID=78\r");
	expect_ok("AT+S\r");
	a = usrdtu_active_settings(&dev);
	assert_string_equal(a->start_message, "changed");
	assert_int_equal(a->reg_id, 78);

	/* a power cycle keeps both copies */
	power_cycle(&usrdtu_profile_gprs232);
	a = usrdtu_active_settings(&dev);
	assert_string_equal(a->start_message, "changed");
	expect_ok("AT+RELD\r");
	a = usrdtu_active_settings(&dev);
	assert_string_equal(a->start_message, "user default");
	assert_int_equal(a->reg_id, 77);
	assert_string_equal(a->sock[0].host, "old.example"); /* saved when CFGTF ran */
	assert_int_equal(a->work_mode, USRDTU_MODE_CMD);
	power_cycle(&usrdtu_profile_gprs232);
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, "user default");

	expect_ok("AT+CLEAR\r");
	assert_settings_equal(usrdtu_active_settings(&dev), &factory);
	power_cycle(&usrdtu_profile_gprs232);
	assert_settings_equal(usrdtu_active_settings(&dev), &factory);
	/* the user defaults are the factory ones too */
	mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
	mock_send(&dev, &m, "AT+RELD\r");
	power_cycle(&usrdtu_profile_gprs232);
	assert_settings_equal(usrdtu_active_settings(&dev), &factory);
	assert_true(dev.stats.store_failures == 0);
}

/* g781 has no AT+S: each accepted set is saved, atomically, with the
 * power cut anywhere in that save. */
static void test_save_at_once_power_cut(void **state)
{
	unsigned budget;
	int seen_new = 0;

	(void)state;
	mock_init(&m);
	power_cycle(&usrdtu_profile_g781);
	mock_enter_command(&dev, &m);
	send("AT+E=OFF\r");
	expect_ok("AT+STMSG=OLDMSG\r");
	power_cycle(&usrdtu_profile_g781);
	memcpy(&old_active, usrdtu_active_settings(&dev), sizeof old_active);
	assert_string_equal(old_active.start_message, "OLDMSG");
	assert_int_equal(old_active.echo, 0);
	memcpy(snapshot, m.flash, sizeof snapshot);

	for (budget = 0;; budget++) {
		int done;

		memcpy(m.flash, snapshot, sizeof snapshot);
		power_cycle(&usrdtu_profile_g781);
		mock_enter_command(&dev, &m);
		assert_true(usrdtu_in_command_mode(&dev));
		m.power_budget = (long)budget;
		send("AT+STMSG=NEWMSG\r");
		done = m.power_budget > 0;
		power_cycle(&usrdtu_profile_g781);
		if (strcmp(usrdtu_active_settings(&dev)->start_message, "NEWMSG") == 0) {
			memcpy(&new_active, &old_active, sizeof new_active);
			memset(new_active.start_message, 0, sizeof new_active.start_message);
			strcpy(new_active.start_message, "NEWMSG");
			assert_settings_equal(usrdtu_active_settings(&dev), &new_active);
			seen_new = 1;
		} else {
			assert_settings_equal(usrdtu_active_settings(&dev), &old_active);
			assert_false(seen_new);
		}
		if (done)
			break;
	}
	assert_true(seen_new);
	assert_true(budget > 30);
}

/* The HAL's slot size comes from settings_record_max(): the fullest record
 * any profile writes fits the mock's slot. */
static void test_mock_slot_fits_every_profile(void **state)
{
	(void)state;
	assert_true(settings_record_max(&usrdtu_profile_gprs232) <= MOCK_SLOT_SIZE);
	assert_true(settings_record_max(&usrdtu_profile_cat1) <= MOCK_SLOT_SIZE);
	assert_true(settings_record_max(&usrdtu_profile_g781) <= MOCK_SLOT_SIZE);
	assert_true(settings_record_max(&usrdtu_profile_m0) <= MOCK_SLOT_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_power_cut),
		cmocka_unit_test(test_user_defaults_and_clear),
		cmocka_unit_test(test_save_at_once_power_cut),
		cmocka_unit_test(test_mock_slot_fits_every_profile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
