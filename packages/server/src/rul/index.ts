// A light entry point (`@prognos/server/rul`): the CLI trains and predicts on the embedded store without loading
// the HTTP server and the protocol stacks (node-opcua alone takes seconds and prints to stdout).
export { DEFAULT_RUL_HORIZON, RulService, type RulTrainRequest } from './rul-service';
