// Test-only entry (run by pr-kill.test.ts with `node --import tsx`): runs "Commit & Open PR" once against
// a real repository and the fake GitHub, printing each step. When the step named by CONVERGE_TEST_KILL_AT
// starts, it SIGKILLs itself (CONVERGE_TEST_KILL_GROUP=1: its whole process group, git children included):
// a simulated crash at that exact point. Hooks and the fake forge can also kill it mid-step through
// CONVERGE_TEST_PID. Nothing here is part of the product.
import { openPullRequest, type OpenPrOptions } from '../../../src/core/pr/open-pr';
import { createGitHubProvider } from '../../../src/core/pr/github';

interface ChildConfig extends Omit<OpenPrOptions, 'provider' | 'onProgress'> {
  github: { apiUrl: string; owner: string; repo: string; token: string };
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const killAt = process.env.CONVERGE_TEST_KILL_AT;
const group = process.env.CONVERGE_TEST_KILL_GROUP === '1';
process.env.CONVERGE_TEST_PID = String(process.pid);

const { github, ...options } = config;
openPullRequest({
  ...options,
  provider: createGitHubProvider({ owner: github.owner, repo: github.repo, token: github.token, baseUrl: github.apiUrl }),
  onProgress(step) {
    process.stdout.write(`step ${step}\n`);
    if (step === killAt) process.kill(group ? -process.pid : process.pid, 'SIGKILL');
  },
}).then(
  (r) => process.stdout.write(`result ${JSON.stringify({ pr: r.pr, commit: r.branch.commit })}\n`),
  (e: unknown) => {
    process.stdout.write(`error ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
