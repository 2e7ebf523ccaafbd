import type { AssistantPort, HostedAssistant } from '../../src/application/assistant-port.js';

export type { AssistantPort, HostedAssistant } from '../../src/application/assistant-port.js';

/**
 * The assistant as the routes call it: the same object, with every operation taking
 * request data as `unknown`. Sound because every operation validates its input at run
 * time and rejects with a `ValidationError` naming the field, whatever its static type
 * says; the host therefore passes request data through instead of validating it twice.
 */
export const acceptingRequestData = (assistant: HostedAssistant): AssistantPort =>
  assistant as unknown as AssistantPort;
