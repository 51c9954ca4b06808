/* Stand-in for the Arduino EEPROM library: 4096 cells (a Mega's EEPROM)
 * that start erased, with a count of the cells written. */
#ifndef FAKE_EEPROM_H
#define FAKE_EEPROM_H

#include <stdint.h>
#include <string.h>

struct FakeEeprom {
	uint8_t cells[4096];
	unsigned writes;

	FakeEeprom() : writes(0) { erase_all(); }
	void erase_all() { memset(cells, 0xFF, sizeof cells); }
	uint8_t read(int idx) { return cells[idx]; }
	void update(int idx, uint8_t val)
	{
		if (cells[idx] != val) {
			cells[idx] = val;
			writes++;
		}
	}
	uint16_t length() { return (uint16_t)sizeof cells; }
};

extern FakeEeprom EEPROM;

#endif /* FAKE_EEPROM_H */
