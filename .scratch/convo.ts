import * as chrono from 'chrono-node';
import { buildContent } from '../content/build.js';
import { loadTopicSearch } from '../functions/adapters/topic-search-loader.js';
import { converse } from '../functions/core/conversation.js';
import type { Subscriber } from '../functions/core/subscriber.js';

const content = buildContent();
const search = await loadTopicSearch();
const settings = { supportContact: 'help@example.org', dates: { en: chrono.en, es: chrono.es }, search };
const NOW = new Date('2026-11-20T12:00:00Z');
for (const [language, region, texts] of [
  [
    'en',
    'uk',
    [
      'hi my mum was diagnosed last month and we are thinking about a second opinion, what paperwork do we need',
      'what paperwork do i need to get together for the new doctor',
      '7',
      'how much tamoxifen should she take',
      'am i going to die',
      'seeing the new specialist next thursday at 2.15pm',
      'yes',
      'whats the weather like',
      'ok stop, who is this',
    ],
  ],
  [
    'es',
    'us',
    [
      'mi doctor no me quiere dar la referencia para otra opinión',
      'tengo mucho miedo',
      'tengo cita el proximo martes a las 10 de la mañana',
      'sí',
      'hola',
      'no me escriban más',
    ],
  ],
] as const) {
  let who: Subscriber = {
    phone: '+15005550006',
    status: 'subscribed',
    region,
    language,
    visited: [],
    consent: [],
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
  let n = 0;
  console.log('```');
  for (const text of texts) {
    const turn = converse(
      who,
      { body: text, sid: `SM${String(++n).padStart(32, '0')}` },
      content,
      NOW,
      settings,
    );
    who = turn.next;
    console.log(`>> ${text}`);
    for (const r of turn.replies) console.log(`<< ${r.split('\n').join('\n   ')}`);
    console.log(`   (${JSON.stringify(turn.understood)})`);
  }
  console.log('```');
}
