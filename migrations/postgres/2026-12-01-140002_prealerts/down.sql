DROP TABLE prealerts;
