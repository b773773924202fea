-- One dead letter per interaction: the recorder updates an interaction's dead letter instead of adding a second
-- one, and a poll skips a record whose interaction is parked as a dead letter (only a replay sends it again).
CREATE INDEX dead_letter_interaction ON dead_letter (feed, interaction_id);
