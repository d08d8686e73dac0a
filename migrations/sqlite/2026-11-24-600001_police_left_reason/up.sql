-- Police may leave before health staff accept the handover only with a reason
-- (for example, released under protest); the handover itself is still awaited.
ALTER TABLE stays ADD COLUMN police_left_reason TEXT;
