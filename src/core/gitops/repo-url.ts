// Whether two repository URLs name the same repository (Flux GitRepository url, Argo CD repoURL).

/** Equal once case, trailing slashes and `.git` are set aside; empty URLs are never the same. */
export function sameRepoUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
  return norm(a) !== '' && norm(a) === norm(b);
}
