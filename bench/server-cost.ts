// What a real kube-apiserver v1.28 (2 cores, etcd) costs, as busy CPU time in the test API server.
// Calibrated with bench/calibrate.ts so that kubectl diff --server-side of 2,000 objects takes what it
// took on the real server (17–19 s serially, 7–8 s with --concurrency 8; LIST of 2,000 objects 0.24 s).
import type { ServerCost } from '../test/k8s-server';

export const REAL_APISERVER_COST: ServerCost = { requestMs: 0, writeMs: 5.5, listItemMs: 0.1, cores: 2 };
