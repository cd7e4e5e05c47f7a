import type { Understood } from './understanding/intent.js';

/**
 * Usage metrics: what operators count, and how. Every metric is a count in one namespace,
 * published under a few dimension sets so CloudWatch keeps both the total and each breakdown.
 * Dimension values are low-cardinality labels (language, region, layer, topic id, outcome,
 * keyword class, Twilio error code): never a phone number, a message body or a SID.
 */
export const METRIC_NAMESPACE = 'SecondOpinionLine';

/** The one value of Powertools' `service` dimension on every metric the line writes. */
export const METRIC_SERVICE = 'second-opinion-line';

export const METRIC = {
  inboundText: 'InboundText',
  firstContact: 'FirstContact',
  optIn: 'OptIn',
  optOut: 'OptOut',
  crisisReply: 'CrisisReply',
  callStep: 'CallStep',
  callEnded: 'CallEnded',
  textMeThis: 'TextMeThis',
  reminder: 'Reminder',
  deliveryStatus: 'DeliveryStatus',
  outboundSend: 'OutboundSend',
  erasure: 'Erasure',
  dataExport: 'DataExport',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** One label set a count is published under; `{}` is the total. */
export type DimensionSet = Readonly<Record<string, string>>;

/** One count, and every dimension set it is published under. */
export type MetricPoint = { name: MetricName; value: number; sets: DimensionSet[] };

/** The port: adapters write EMF (Lambda) or keep counts in memory (the local runtime). */
export interface Metrics {
  count(point: MetricPoint): void;
}

/** For callers that are not measured (unit tests, one-off tools). */
export const noMetrics: Metrics = { count: () => {} };

/**
 * Dimension values keep to short labels: anything else (spaces, a plus sign, a Twilio SID, a long run of
 * digits that could be a number) is folded into `other`, so a bug upstream cannot put a
 * person into a metric.
 */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const TWILIO_SID = /^[A-Z]{2}[0-9a-f]{32}$/i;
export const label = (value: string | number | undefined): string => {
  if (value === undefined) return 'none';
  const text = String(value);
  return LABEL.test(text) && !/\d{6,}/.test(text) && !TWILIO_SID.test(text) ? text : 'other';
};

const point = (name: MetricName, sets: DimensionSet[], value = 1): MetricPoint => ({ name, value, sets });

/** What one answered text tells operators (never the body, never the number). */
export type TextFacts = {
  understood: Understood | undefined;
  language: string;
  region: string;
  /** The number was new to the line: one person reached. */
  firstContact: boolean;
  /** A consent change this text made, with the carrier keyword or PHRASE that made it. */
  consent?: { action: 'opt-in' | 'opt-out'; keyword: string };
  /** The text confirmed DELETE MY DATA. */
  erased: boolean;
};

export function textMetrics(facts: TextFacts): MetricPoint[] {
  const layer = label(facts.understood?.layer ?? (facts.erased ? 'command' : 'none'));
  const sets: DimensionSet[] = [
    {},
    { language: label(facts.language) },
    { region: label(facts.region) },
    { layer },
  ];
  if (facts.understood?.topic !== undefined) sets.push({ topic: label(facts.understood.topic) });
  if (facts.understood?.band !== undefined) sets.push({ band: label(facts.understood.band) });
  const points = [point(METRIC.inboundText, sets)];
  if (facts.firstContact) points.push(point(METRIC.firstContact, [{}, { channel: 'sms' }]));
  if (facts.consent !== undefined) {
    const name = facts.consent.action === 'opt-in' ? METRIC.optIn : METRIC.optOut;
    points.push(point(name, [{}, { keyword: label(facts.consent.keyword) }]));
  }
  if (facts.understood?.emergency === true || facts.understood?.layer === 'emergency') {
    points.push(point(METRIC.crisisReply, [{}, { channel: 'sms' }]));
  }
  if (facts.erased) points.push(point(METRIC.erasure, [{}, { channel: 'sms' }]));
  return points;
}

/**
 * One call step answered: the step reached, and how the call ends when the line ends it: a
 * transfer (`dial`), or the goodbye at a limit (too many silent or wrong turns, or steps). The
 * hang-up after a completed transfer was counted as that transfer. A caller hanging up is not
 * seen: Twilio posts no webhook for it unless a call status callback is configured.
 */
export function callStepMetrics(step: string, ending: string, crisis: boolean): MetricPoint[] {
  const points = [point(METRIC.callStep, [{}, { step: label(step) }])];
  if (step === 'answer') points.push(point(METRIC.firstContact, [{}, { channel: 'voice' }]));
  const ended =
    ending === 'dial' ? 'transfer' : ending === 'hangup' && step !== 'dialled' ? 'limit' : undefined;
  if (ended !== undefined) points.push(point(METRIC.callEnded, [{}, { ended }]));
  if (crisis) points.push(point(METRIC.crisisReply, [{}, { channel: 'voice' }]));
  return points;
}

/** A text-me-this request: sent, or why not (declined covers opted out and the limits). */
export const textMeThisMetrics = (outcome: string): MetricPoint[] => [
  point(METRIC.textMeThis, [{}, { outcome: label(outcome) }]),
];

/** A Twilio status callback: its status, and its error code when it failed. */
export function deliveryMetrics(status: string, errorCode: string | number | undefined): MetricPoint[] {
  const sets: DimensionSet[] = [{}, { status: label(status) }];
  if (errorCode !== undefined) sets.push({ errorCode: label(errorCode) });
  return [point(METRIC.deliveryStatus, sets)];
}

/** The sweep summary's outcome counts, by outcome and (for skipped and failed) by reason. */
export type SweepCounts = {
  sent: number;
  skipped: number;
  skippedBy: Record<string, number>;
  /** Found inside quiet hours (a late sweep): moved to the next allowed time. */
  deferred: number;
  /** Refused by Twilio for good (by error code in failedBy). */
  failed: number;
  failedBy: Record<string, number>;
  /** Handed to Twilio without an answer, or abandoned by a crashed sweep: never resent. */
  unconfirmed: number;
  /** Rows whose handling a store error cut short (logged by error name). */
  errors: number;
};

export function sweepMetrics(summary: SweepCounts): MetricPoint[] {
  const points: MetricPoint[] = [];
  const outcome = (name: string, value: number) => {
    points.push(point(METRIC.reminder, [{ outcome: name }], value));
  };
  outcome('sent', summary.sent);
  outcome('skipped', summary.skipped);
  outcome('deferred', summary.deferred);
  outcome('failed', summary.failed);
  // Handed to Twilio with no answer, or lost to a crash: never resent, so dropped.
  outcome('dropped', summary.unconfirmed);
  outcome('error', summary.errors);
  for (const [reason, value] of Object.entries(summary.skippedBy)) {
    points.push(point(METRIC.reminder, [{ outcome: 'skipped', reason: label(reason) }], value));
  }
  for (const [reason, value] of Object.entries(summary.failedBy)) {
    points.push(point(METRIC.reminder, [{ outcome: 'failed', reason: label(reason) }], value));
  }
  return points;
}

/** One text the line sent on its own (text-me-this, reminders): how Twilio's API answered. */
export function sendMetrics(outcome: string, errorCode: number | undefined): MetricPoint[] {
  const sets: DimensionSet[] = [{}, { outcome: label(outcome) }];
  if (errorCode !== undefined) sets.push({ errorCode: label(errorCode) });
  return [point(METRIC.outboundSend, sets)];
}

export const erasureMetrics = (channel: 'sms' | 'operator'): MetricPoint[] => [
  point(METRIC.erasure, [{}, { channel }]),
];

export const exportMetrics = (): MetricPoint[] => [point(METRIC.dataExport, [{}])];

export const countAll = (metrics: Metrics, points: MetricPoint[]): void => {
  for (const p of points) metrics.count(p);
};
