import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ (docs/architecture.md): the command folders build on the shared parts and
 * never on each other; destroy reaches unjoin only through its one entry point, unjoinMember in
 * src/unjoin/member.ts. Only the command definitions (src/commands, src/cli.ts) know commander.
 */
const COMMAND_FOLDERS = ['init', 'join', 'unjoin', 'destroy', 'cert-ops', 'status'];
const SHARED_FOLDERS = ['federation', 'k8s', 'kubeconfig', 'certs', 'dns', 'output', 'options'];
const NO_COMMANDER = { name: 'commander', message: 'Only src/commands and src/cli.ts define flags; hand typed options (src/options) to domain code instead.' };
const NO_FORGE = { name: 'node-forge', message: 'Certificates are laid out by src/certs/der.ts and signed by node:crypto; node-forge is only for tests and the emulator.' };
const NO_CLI_LAYER = { regex: '^(\\.\\./)+(commands/|cli\\.js$|main\\.js$)', message: 'Domain code does not reach up into the command-line layer.' };

function commandFolderRules(own) {
  const others = COMMAND_FOLDERS.filter((folder) => folder !== own && !(own === 'destroy' && folder === 'unjoin') && !(own === 'status' && folder === 'cert-ops'));
  const patterns = [
    { regex: `^(\\.\\./)+(${others.join('|')})/`, message: `src/${own} builds on src/federation, src/k8s and the other shared folders, never on another command's folder.` },
    NO_CLI_LAYER,
  ];
  if (own === 'status') {
    patterns.push({ regex: '^(\\.\\./)+cert-ops/(?!(expiry|inventory|locate|options)\\.js$)', message: 'status reuses only the certificate inventory, expiry and locate step of src/cert-ops.' });
  }
  if (own === 'destroy') {
    patterns.push({ regex: '^(\\.\\./)+unjoin/(?!member\\.js$)', message: 'destroy reaches unjoin only through unjoinMember (src/unjoin/member.ts).' });
  }
  return { files: [`src/${own}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { paths: [NO_COMMANDER, NO_FORGE], patterns }] } };
}

const sharedFolderRules = {
  files: SHARED_FOLDERS.map((folder) => `src/${folder}/**/*.ts`),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [NO_COMMANDER, NO_FORGE],
        patterns: [{ regex: `^(\\.\\./)+(${COMMAND_FOLDERS.join('|')})/`, message: 'The shared folders sit below the commands and never import them.' }, NO_CLI_LAYER],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['.build/**', 'dist/**', 'dist-sea/**', 'dist.*/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // bin/ is CommonJS (bin/package.json): it loads the CommonJS bundle in dist/ with require.
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...COMMAND_FOLDERS.map(commandFolderRules),
  sharedFolderRules,
);
