import { describe, expect, it } from 'vitest';
import { converse, type InboundText } from '../../functions/core/conversation.js';
import type { Subscriber } from '../../functions/core/subscriber.js';
import { content, NOW, settings, subscriber } from '../fixtures/content.js';

const sms = content.languages.en.sms;
const topics = content.languages.en.topics;
const text = (body: string, sid = 'SM00000000000000000000000000000001'): InboundText => ({ body, sid });
const run = (who: Subscriber, body: string) => converse(who, text(body), content, NOW, settings);

describe('opt-in', () => {
  it.each(['START', 'JOIN', 'YES', 'UNSTOP', 'SUBSCRIBE', 'SECOND', 'start!'])(
    '%s subscribes a new number and records consent',
    (keyword) => {
      const turn = run(subscriber({ status: 'new' }), keyword);
      expect(turn.next.status).toBe('subscribed');
      expect(turn.next.consent).toEqual([
        {
          at: NOW.toISOString(),
          action: 'opt-in',
          keyword: keyword.replace('!', '').toUpperCase(),
          channel: 'sms',
          sid: 'SM00000000000000000000000000000001',
        },
      ]);
      expect(turn.replies).toHaveLength(1);
      const [reply] = turn.replies;
      expect(reply).toContain(content.program.name);
      expect(reply).toContain('Msg&data rates may apply');
      expect(reply).toContain('Reply HELP for help, STOP to opt out');
      expect(reply).toContain('not medical advice');
      expect(reply).toContain('UK (NHS)');
    },
  );

  it('names the region the number belongs to', () => {
    const [reply] = run(subscriber({ status: 'new', region: 'ca' }), 'START').replies;
    expect(reply).toContain('Canada');
  });

  it('rejoins after an opt-out and keeps the history', () => {
    const out = run(subscriber(), 'STOP').next;
    const back = run(out, 'START').next;
    expect(back.status).toBe('subscribed');
    expect(back.consent.map((event) => event.action)).toEqual(['opt-out', 'opt-in']);
  });

  it('does not add a second consent record when already subscribed', () => {
    const once = run(subscriber({ status: 'new' }), 'START').next;
    expect(run(once, 'START').next.consent).toHaveLength(1);
  });
});

describe('opt-out', () => {
  it.each([
    'STOP',
    'STOPALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    'OPTOUT',
    'REVOKE',
    'please stop texting me',
  ])('%s opts out with exactly one confirmation', (body) => {
    const turn = run(subscriber({ topic: topics[0]?.id, part: 0 }), body);
    expect(turn.next.status).toBe('opted-out');
    expect(turn.next.topic).toBeUndefined();
    expect(turn.replies).toEqual([sms.optOut]);
    expect(turn.next.consent.at(-1)?.action).toBe('opt-out');
  });

  it('confirms a STOP from a number that never subscribed', () => {
    const turn = run(subscriber({ status: 'new' }), 'STOP');
    expect(turn.replies).toEqual([sms.optOut]);
    expect(turn.next.status).toBe('opted-out');
  });

  it('stays silent to a second STOP', () => {
    const out = run(subscriber(), 'STOP').next;
    expect(run(out, 'STOP').replies).toEqual([]);
  });

  it.each(['MENU', '1', 'MORE', 'REGION US', 'hello', 'records'])(
    'sends nothing to an opted-out number for %j',
    (body) => {
      const out = run(subscriber(), 'STOP').next;
      const turn = run(out, body);
      expect(turn.replies).toEqual([]);
      expect(turn.next.status).toBe('opted-out');
    },
  );

  it('still answers HELP after an opt-out', () => {
    const out = run(subscriber(), 'STOP').next;
    expect(run(out, 'HELP').replies).toHaveLength(1);
  });
});

describe('HELP', () => {
  it.each([
    ['uk', '999'],
    ['us', '911'],
    ['ca', '911'],
  ] as const)(
    'in %s names the emergency number %s, the support contact and how to stop',
    (region, number) => {
      for (const status of ['new', 'subscribed', 'opted-out'] as const) {
        const [reply] = run(subscriber({ status, region }), 'help').replies;
        expect(reply).toContain(content.program.name);
        expect(reply).toContain(number);
        expect(reply).toContain(settings.supportContact);
        expect(reply).toContain('Msg&data rates may apply');
        expect(reply).toContain('STOP');
        expect(reply).toContain('not medical advice');
      }
    },
  );
});

describe('menu and topics', () => {
  it('MENU lists every topic numbered in order', () => {
    const [menu] = run(subscriber(), 'MENU').replies;
    topics.forEach((topic, index) => {
      expect(menu).toContain(`${index + 1} ${topic.menu}`);
    });
  });

  it('a number opens the topic, MORE walks its parts, then says there is no more', () => {
    const multi = topics.findIndex((topic) => topic.parts.length > 1);
    const topic = topics[multi];
    if (topic === undefined) throw new Error('content needs a topic with several parts');
    let turn = run(subscriber(), String(multi + 1));
    expect(turn.next.topic).toBe(topic.id);
    expect(turn.next.visited).toEqual([topic.id]);
    expect(turn.replies[0]).toContain(`MORE for part 2 of ${topic.parts.length}`);
    for (let part = 1; part < topic.parts.length; part++) {
      turn = converse(turn.next, text('more'), content, NOW, settings);
      expect(turn.next.part).toBe(part);
    }
    expect(turn.replies[0]).toContain(sms.lastFooter);
    expect(converse(turn.next, text('NEXT'), content, NOW, settings).replies).toEqual([sms.nothingMore]);
  });

  it('sends each region its own variant of a regional part', () => {
    const regional = topics.find((topic) => topic.parts.some((part) => typeof part.sms !== 'string'));
    if (regional === undefined) throw new Error('content needs a regional topic');
    const index = regional.parts.findIndex((part) => typeof part.sms !== 'string');
    const texts = (['uk', 'us', 'ca'] as const).map((region) => {
      let turn = run(subscriber({ region }), regional.keywords[0] ?? '');
      for (let part = 0; part < index; part++)
        turn = converse(turn.next, text('MORE'), content, NOW, settings);
      return turn.replies[0];
    });
    expect(new Set(texts).size).toBe(3);
  });

  it('MORE without a topic points to the menu', () => {
    expect(run(subscriber(), 'MORE').replies).toEqual([sms.nothingMore]);
  });

  it('MENU closes the open topic', () => {
    expect(run(subscriber({ topic: topics[1]?.id, part: 0 }), 'MENU').next.topic).toBeUndefined();
  });

  it('remembers visited topics once each', () => {
    const first = run(subscriber(), '1').next;
    const again = converse(first, text('1'), content, NOW, settings).next;
    expect(again.visited).toEqual([topics[0]?.id]);
  });

  it('never leaves a subscribed person without an answer, and never a bare "did not understand"', () => {
    const [reply] = run(subscriber(), 'blah blah').replies;
    expect(reply).not.toBe(sms.notUnderstood);
    expect(reply).toMatch(/\b\d+ .+\bMENU\b/);
  });

  it('asks people who have not joined to reply START first', () => {
    expect(run(subscriber({ status: 'new' }), 'MENU').replies).toEqual([sms.joinFirst]);
    expect(run(subscriber({ status: 'new' }), 'hello').replies).toEqual([sms.welcome]);
  });
});

describe('REGION', () => {
  it('changes the health system and says so', () => {
    const turn = run(subscriber({ region: 'uk' }), 'REGION CANADA');
    expect(turn.next.region).toBe('ca');
    expect(turn.replies[0]).toContain('Canada');
  });

  it('explains the options for an unknown one', () => {
    const turn = run(subscriber({ region: 'uk' }), 'REGION MARS');
    expect(turn.next.region).toBe('uk');
    expect(turn.replies).toEqual([sms.regionUnknown]);
  });
});

describe('safety', () => {
  it.each([
    ['uk', '999'],
    ['us', '911'],
    ['ca', '911'],
  ] as const)('a crisis message in %s gets the emergency line %s first', (region, number) => {
    for (const status of ['new', 'subscribed'] as const) {
      const turn = run(subscriber({ status, region }), "I can't breathe");
      expect(turn.replies[0]).toContain(number);
      expect(turn.replies).toHaveLength(1);
    }
  });

  it('answers an emergency with the crisis lines alone: no topic beside them', () => {
    const turn = run(subscriber({ region: 'us' }), 'records - is this an emergency?');
    expect(turn.replies).toHaveLength(1);
    expect(turn.replies[0]).toContain('988');
    expect(turn.understood).toMatchObject({ layer: 'emergency', emergency: true });
  });

  it('still honours STOP in the same text as an emergency, after the crisis lines', () => {
    const turn = run(subscriber({ region: 'us' }), 'stop texting me, I want to kill myself');
    expect(turn.replies[0]).toContain('988');
    expect(turn.replies[1]).toBe(sms.optOut);
    expect(turn.next.status).toBe('opted-out');
  });

  it('a crisis message mid-topic keeps the topic open', () => {
    const turn = run(subscriber({ topic: topics[0]?.id, part: 0 }), 'I want to die');
    expect(turn.replies[0]).toContain('999');
    expect(turn.next.topic).toBe(topics[0]?.id);
  });
});

describe('discretion on a shared phone', () => {
  it('keeps welcome, opt-in, HELP and STOP free of diagnosis words', () => {
    for (const region of ['uk', 'us', 'ca'] as const) {
      const replies = [
        ...run(subscriber({ status: 'new', region }), 'hello').replies,
        ...run(subscriber({ status: 'new', region }), 'START').replies,
        ...run(subscriber({ region }), 'HELP').replies,
        ...run(subscriber({ region }), 'STOP').replies,
      ];
      for (const reply of replies) expect(reply).not.toMatch(/cancer|tumou?r|oncolog|chemo/i);
    }
  });
});
