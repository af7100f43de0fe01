// Local fakes of forge APIs for tests (unit, integration and end-to-end).
export { startFakeGitHub, type FakeGitHub, type FakePull } from './github';
export { startFakeGitLab, type FakeGitLab, type FakeMergeRequest } from './gitlab';
export { startJsonServer, type FakeServer, type RecordedRequest, type JsonReply } from './server';
