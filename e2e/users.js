// Reference data created by global-setup.js through the s136 CLI, shared with the tests.
exports.FORCE = { code: 'WMP', name: 'West Midlands Police' };

exports.SITE = {
  code: 'OAK',
  name: 'Oakwood 136 suite',
  kind: 'mental_health_unit',
  trust: 'Example Mental Health NHS Foundation Trust',
};

// A second place of safety, for the transfer journey.
exports.SITE2 = {
  code: 'CITYED',
  name: 'City emergency department',
  kind: 'emergency_department',
  trust: 'Example Acute NHS Trust',
};

// A police station, for the safeguards journey.
exports.STATION = {
  code: 'CELLS',
  name: 'Central custody suite',
  kind: 'police_station',
  trust: 'West Midlands Police',
};

exports.USERS = {
  officer: {
    username: 'officer1',
    password: 'e2e-officer1-Passw0rd-long',
    role: 'officer',
    force: 'WMP',
    collar: '4521',
  },
  health: {
    username: 'health1',
    password: 'e2e-health1-Passw0rd-long',
    role: 'health',
    site: 'OAK',
  },
  // Health care professional at the police station (the safeguards journey).
  healthStation: {
    username: 'health2',
    password: 'e2e-health2-Passw0rd-long',
    role: 'health',
    site: 'CELLS',
  },
  manager: {
    username: 'manager1',
    password: 'e2e-manager1-Passw0rd-long',
    role: 'manager',
    force: 'WMP',
  },
  // No force or site: an unrestricted manager (sees every force and site).
  managerAll: {
    username: 'manager2',
    password: 'e2e-manager2-Passw0rd-long',
    role: 'manager',
  },
  // The Welsh journeys' own accounts (their language choice is kept on the
  // account, so the other journeys' accounts stay in English).
  officerCy: {
    username: 'officer3',
    password: 'e2e-officer3-Passw0rd-long',
    role: 'officer',
    force: 'WMP',
    collar: '4523',
  },
  healthCy: {
    username: 'health3',
    password: 'e2e-health3-Passw0rd-long',
    role: 'health',
    site: 'OAK',
  },
  // The accounts journey's administrator.
  admin: {
    username: 'admin1',
    password: 'e2e-admin1-Passw0rd-long',
    role: 'admin',
  },
};
