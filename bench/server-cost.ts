// What a real kube-apiserver v1.28 (2 cores, etcd) costs, as simulated busy time in the test API server: every
// request holds one of `cores` slots for `requestMs`, a write (a dry-run PATCH too) `writeMs` more, a LIST
// `listItemMs` per item. Reproduce with `npx tsx bench/calibrate.ts`, which runs kubectl against this model and
// compares with the figures measured on the real server for 2,000 objects (issue #7): `kubectl diff --server-side`
// 17–19 s serially and 7–8 s with --concurrency 8, LIST of all 2,000 objects 0.24 s.
//
// Measured with this model (2 runs): serial 19.3 s, --concurrency 8 7.8 s, LIST 0.24 s. The model used until
// 2026-11-25 ({ requestMs: 0, writeMs: 5.5 }) gave 14.4–16.2 s and 5.4 s: faster than the real server, in
// kubectl's favour (see the README's Performance section for the figures under both).
import type { ServerCost } from '../test/k8s-server';

export const REAL_APISERVER_COST: ServerCost = { requestMs: 0.5, writeMs: 6, listItemMs: 0.1, cores: 2 };
