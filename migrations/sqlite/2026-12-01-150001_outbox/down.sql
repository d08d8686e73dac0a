DROP TABLE site_contacts;
DROP TABLE stay_reminders;
DROP TABLE escalations;
DROP TABLE escalation_rules;
DROP TABLE webhooks;
DROP TABLE notifications;
