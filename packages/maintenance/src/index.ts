/**
 * Maintenance domain logic, free of I/O: the failure-mode library (FMEA) and symptom matching, work-order risk,
 * priority and due dates, and the maintenance planner. The server wires it to the stores and the API.
 */
export {};
