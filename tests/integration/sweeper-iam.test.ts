import { afterEach, describe, expect, it } from 'vitest';
import { resourceNamed, statementsOfRole, synthLine } from '../infra/synth.js';
import { type ReminderRig, startReminderRig } from './reminders-harness.js';

/**
 * DynamoDB Local checks no IAM, so a store that starts sending a new command (BatchGetItem,
 * say) would pass every other test and fail only once deployed. Here a sweep runs against
 * DynamoDB Local with every command it sends recorded (sends, an opt-out refusal, an
 * undeliverable number), and each must be an action the synthesized sweeper policy allows.
 */

let rig: ReminderRig;
afterEach(() => rig?.close());

describe('the sweeper policy allows what the sweep sends', () => {
  it('every DynamoDB command of a sweep is in the deployed policy', async () => {
    rig = await startReminderRig({ refuse: { '+447400100001': 21610, '+447400100002': 21211 } });
    const booked = new Date('2026-11-20T12:00:00Z');
    for (const phone of ['+447400100000', '+447400100001', '+447400100002']) {
      await rig.seedBooked(phone, '2026-12-12T10:30', 'Europe/London', booked);
    }
    const sent = new Set<string>();
    rig.client.middlewareStack.add(
      (next, context) => (args) => {
        sent.add(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    await rig.sweep(new Date('2026-11-28T10:02:00Z'));
    expect(rig.fake.accepted.length).toBeGreaterThan(0);

    const line = synthLine({ twilioAccountSid: `AC${'a'.repeat(32)}`, twilioFrom: '+14155550100' });
    const [, fn] = resourceNamed(line.serviceTemplate, 'AWS::Lambda::Function', 'RemindersFunction');
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const allowed = statementsOfRole(line.serviceTemplate, roleId).flatMap((statement) =>
      [statement.Action].flat(),
    );
    // The client middleware sees DynamoDB's own operations (GetItemCommand, BatchGetItemCommand...),
    // which are the IAM action names.
    const needed = [...sent].map((command) => `dynamodb:${command.replace(/Command$/, '')}`);
    expect(needed).toContain('dynamodb:BatchGetItem');
    for (const action of needed) expect(allowed).toContain(action);
  });
});
