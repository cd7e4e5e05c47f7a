import type { DimensionSet } from '../../../functions/core/usage-metrics.js';
import type { UsageData, UsageSeries } from './data.js';

const sameSet = (a: DimensionSet, b: DimensionSet) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

export type Breakdown = { label: string; value: number }[];

/** What the report shows: totals, breakdowns and daily lines, all from counts. */
export type UsageFigures = {
  days: string[];
  peopleReached: number;
  peopleByChannel: Breakdown;
  texts: number;
  calls: number;
  /** Share (0-1) of texts placed (anything but "could not place"); undefined with no texts. */
  understoodShare: number | undefined;
  couldNotPlace: number;
  crisisReplies: number;
  optIns: number;
  optOuts: number;
  textMeThis: Breakdown;
  topics: Breakdown;
  languages: Breakdown;
  regions: Breakdown;
  layers: Breakdown;
  reminders: Breakdown;
  deliveries: Breakdown;
  erasures: number;
  exports: number;
  daily: { day: string; texts: number; calls: number; people: number }[];
};

export function usageFigures(data: UsageData, days: string[]): UsageFigures {
  const find = (name: string, set: DimensionSet): UsageSeries | undefined =>
    data.series.find((series) => series.name === name && sameSet(series.dimensions, set));
  const onDay = (name: string, set: DimensionSet, day: string) => find(name, set)?.days[day] ?? 0;
  const total = (name: string, set: DimensionSet = {}) =>
    days.reduce((sum, day) => sum + onDay(name, set, day), 0);
  const breakdown = (name: string, dimension: string, extra: DimensionSet = {}): Breakdown => {
    const labels = new Set(
      data.series
        .filter((s) => s.name === name && Object.keys(s.dimensions).length === Object.keys(extra).length + 1)
        .filter((s) => Object.entries(extra).every(([k, v]) => s.dimensions[k] === v))
        .map((s) => s.dimensions[dimension])
        .filter((label): label is string => label !== undefined),
    );
    return [...labels]
      .map((label) => ({ label, value: total(name, { ...extra, [dimension]: label }) }))
      .filter((row) => row.value > 0)
      .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  };
  const texts = total('InboundText');
  const couldNotPlace = total('InboundText', { layer: 'fallback' });
  return {
    days,
    peopleReached: total('FirstContact'),
    peopleByChannel: breakdown('FirstContact', 'channel'),
    texts,
    calls: total('CallStep', { step: 'answer' }),
    understoodShare: texts === 0 ? undefined : (texts - couldNotPlace) / texts,
    couldNotPlace,
    crisisReplies: total('CrisisReply'),
    optIns: total('OptIn'),
    optOuts: total('OptOut'),
    textMeThis: breakdown('TextMeThis', 'outcome'),
    topics: breakdown('InboundText', 'topic'),
    languages: breakdown('InboundText', 'language'),
    regions: breakdown('InboundText', 'region'),
    layers: breakdown('InboundText', 'layer'),
    reminders: breakdown('Reminder', 'outcome'),
    deliveries: breakdown('DeliveryStatus', 'status'),
    erasures: total('Erasure'),
    exports: total('DataExport'),
    daily: days.map((day) => ({
      day,
      texts: onDay('InboundText', {}, day),
      calls: onDay('CallStep', { step: 'answer' }, day),
      people: onDay('FirstContact', {}, day),
    })),
  };
}
