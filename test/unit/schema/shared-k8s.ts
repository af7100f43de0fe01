// Location of the recorded kube-apiserver data (`shared/k8s` beside the repository).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_K8S =
  [resolve(__dirname, '../../../../shared/k8s'), '/work/shared/k8s'].find((d) => existsSync(join(d, 'README.md'))) ??
  '/work/shared/k8s';
