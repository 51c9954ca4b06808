/*
 * gprs232 UCPIN (001 3.1.7.68): the module unlocks its SIM with the stored
 * PIN at start; with the PIN missing or wrong it cannot get on the network
 * and restarts 5 minutes later. The port owns the modem: it gives the SIM
 * the PIN from the settings and reports a SIM that stays locked; the engine
 * keeps the time and restarts.
 */
#include "engine.h"

static int sim_pin_available(const struct usrdtu *dev)
{
	return dispatch_find(dev->profile, (const uint8_t *)"UCPIN", 5) != NULL;
}

void sim_lock_restart(struct usrdtu *dev)
{
	dev->sim_locked = 0;
}

uint32_t sim_lock_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	const uint32_t wait = (uint32_t)USRDTU_CFG_SIM_LOCK_RESTART_MS;
	uint32_t elapsed;

	if (!dev->sim_locked)
		return USRDTU_NO_DEADLINE;
	elapsed = elapsed_ms(now_ms, dev->sim_locked_ms);
	return elapsed >= wait ? 0 : wait - elapsed;
}

void sim_lock_poll(struct usrdtu *dev, uint32_t now_ms)
{
	if (sim_lock_deadline(dev, now_ms) == 0)
		engine_request_restart(dev);
}

int usrdtu_sim_locked(struct usrdtu *dev, uint32_t now_ms)
{
	if (dev == NULL || dev->profile == NULL)
		return USRDTU_ERR_INVAL;
	if (!sim_pin_available(dev))
		return USRDTU_ERR_NOTSUP;
	if (dev->busy)
		return USRDTU_ERR_BUSY;
	/* the first report starts the 5 minutes; later ones do not move them */
	if (!dev->sim_locked) {
		dev->sim_locked = 1;
		dev->sim_locked_ms = now_ms;
	}
	return USRDTU_OK;
}
