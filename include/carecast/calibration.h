/* Applying a fitted section (cc_calibration, scenario.h) to a scenario: what
 * the loader does with a `calibration` section, and what the hindcast does in
 * memory, so both give the same model. */
#ifndef CARECAST_CALIBRATION_H
#define CARECAST_CALIBRATION_H

#include "carecast/scenario.h"
#include "carecast/status.h"

/* Applies cal over scenario: the start becomes the first day of the month after
 * cal->as_at (which must be the last day of a month); children in care become
 * start_cic, with the placement types given in start_placements taking those
 * counts and the others sharing the rest in the model's proportions (largest
 * remainder; each type keeps its age shares); CIN, CP and care leavers take
 * their given counts; each process given replaces the model's. Records cal in
 * scenario->calibration. Returns CC_OK, or CC_ERR_INVALID (scenario unchanged)
 * when the date or the counts cannot be applied. */
cc_status cc_calibration_apply(const cc_calibration *cal, cc_scenario *scenario, cc_error *err);

#endif
