DROP TABLE stay_requests;
