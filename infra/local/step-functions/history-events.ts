/**
 * The interpreter's event log turned into Step Functions history events, with the types and
 * detail fields GetExecutionHistory returns in AWS (so the AWS CLI and console habits carry over).
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

/** What the interpreter dispatches (aws-local-stepfunctions' EventLog), and what the local server adds. */
export interface InterpreterEvent {
  type: string;
  timestamp: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: string;
  index?: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
  /** Added by the local server for waits on a task token. */
  task?: { resource: string; token?: string; output?: unknown };
}

const json = (value: unknown): string => JSON.stringify(value ?? null);

/** The AWS event type and details for one interpreter event; undefined for those AWS has no event for. */
export function historyDetails(
  event: InterpreterEvent,
): { type: string; details: Record<string, unknown> } | undefined {
  const state = event.state;
  switch (event.type) {
    case 'ExecutionStarted':
      return {
        type: 'ExecutionStarted',
        details: { executionStartedEventDetails: { input: json(event.input), inputDetails: { truncated: false } } },
      };
    case 'ExecutionSucceeded':
      return {
        type: 'ExecutionSucceeded',
        details: {
          executionSucceededEventDetails: { output: json(event.output), outputDetails: { truncated: false } },
        },
      };
    case 'ExecutionFailed':
      return {
        type: 'ExecutionFailed',
        details: { executionFailedEventDetails: { error: event.Error, cause: event.Cause } },
      };
    case 'ExecutionAborted':
      return {
        type: 'ExecutionAborted',
        details: { executionAbortedEventDetails: { error: event.Error, cause: event.Cause } },
      };
    case 'ExecutionTimeout':
      return { type: 'ExecutionTimedOut', details: { executionTimedOutEventDetails: {} } };
    case 'StateEntered':
      return {
        type: `${state?.type}StateEntered`,
        details: {
          stateEnteredEventDetails: {
            name: state?.name,
            input: json(state?.input),
            inputDetails: { truncated: false },
          },
        },
      };
    case 'StateExited':
      return {
        type: `${state?.type}StateExited`,
        details: {
          stateExitedEventDetails: {
            name: state?.name,
            output: json(state?.output),
            outputDetails: { truncated: false },
          },
        },
      };
    case 'StateFailed':
      if (state?.type !== 'Task') return undefined;
      return event.Error === 'States.Timeout'
        ? {
            type: 'TaskTimedOut',
            details: {
              taskTimedOutEventDetails: {
                resourceType: 'lambda',
                resource: state.name,
                error: event.Error,
                cause: event.Cause,
              },
            },
          }
        : {
            type: 'TaskFailed',
            details: {
              taskFailedEventDetails: {
                resourceType: 'lambda',
                resource: state.name,
                error: event.Error,
                cause: event.Cause,
              },
            },
          };
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const key = `${event.type[0]?.toLowerCase()}${event.type.slice(1)}EventDetails`;
      return { type: event.type, details: { [key]: { name: event.parentState?.name, index: event.index } } };
    }
    case 'TaskSubmitted':
      return {
        type: 'TaskSubmitted',
        details: {
          taskSubmittedEventDetails: {
            resourceType: 'lambda',
            resource: event.task?.resource,
            output: json({ waitingForTaskToken: true }),
          },
        },
      };
    case 'TaskSucceeded':
      return {
        type: 'TaskSucceeded',
        details: {
          taskSucceededEventDetails: {
            resourceType: 'lambda',
            resource: event.task?.resource,
            output: json(event.task?.output),
          },
        },
      };
    default:
      return undefined;
  }
}
