DROP TABLE health_checks;
DROP TABLE police_station_authorisations;
