// Mocha runs TypeScript through tsx; every *.test.ts under tests/ is part of `npm test`.
module.exports = {
  'node-option': ['import=tsx'],
  spec: ['tests/**/*.test.ts'],
  reporter: 'tests/helpers/summary-reporter.cjs',
  timeout: 20000,
  exit: true,
};
