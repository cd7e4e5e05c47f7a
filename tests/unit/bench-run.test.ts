import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withTargets } from '../../bench/reminders.js';

describe('npm run bench', () => {
  it('refuses an unknown bench name before starting anything', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'smss'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'No bench called smss. The benches: sms, understanding, voice, reminders, intake, cold-start.',
    );
    expect(result.stdout).toBe('');
  });
});

describe('reminder bench figures', () => {
  const measured = {
    reminders: 10_000,
    'messages/s sustained': 99.8,
    duplicates: 0,
    missed: 0,
    'peak RSS MB': 142.5,
    sender: 'bundled',
  };

  it('follow each figure with its target and a verdict', () => {
    expect(Object.entries(withTargets(measured))).toEqual([
      ['reminders', 10_000],
      ['messages/s sustained', 99.8],
      ['messages/s sustained target', 'at least 95'],
      ['messages/s sustained on target', 'yes'],
      ['duplicates', 0],
      ['duplicates target', 'at most 0'],
      ['duplicates on target', 'yes'],
      ['missed', 0],
      ['missed target', 'at most 0'],
      ['missed on target', 'yes'],
      ['peak RSS MB', 142.5],
      ['peak RSS MB target', 'under 256'],
      ['peak RSS MB on target', 'yes'],
      ['sender', 'bundled'],
    ]);
  });

  it('say NO to a figure that misses its target, or was not measured', () => {
    const figures = withTargets({
      ...measured,
      'messages/s sustained': Number.NaN,
      duplicates: 1,
      missed: 2,
      'peak RSS MB': 256,
    });
    expect(figures['messages/s sustained on target']).toBe('NO');
    expect(figures['duplicates on target']).toBe('NO');
    expect(figures['missed on target']).toBe('NO');
    expect(figures['peak RSS MB on target']).toBe('NO');
    expect(withTargets({ ...measured, 'messages/s sustained': 94.9 })['messages/s sustained on target']).toBe(
      'NO',
    );
    expect(() => withTargets({ reminders: 1 })).toThrow(/no figure for the target/);
  });
});
