module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Plugins reach each other only through their -common, -node and -react packages.
    '@backstage/no-mixed-plugin-imports': 'error',
  },
});
