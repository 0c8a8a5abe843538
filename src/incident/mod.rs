//! Incidents: an append-only event log, the loss interview, the response playbook and next
//! actions, and the link to the breach engine.
