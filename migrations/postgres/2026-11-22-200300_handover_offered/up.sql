-- When the officer offered the handover at this place of safety (two-party handover).
ALTER TABLE stays ADD COLUMN handover_offered_at TIMESTAMP;
