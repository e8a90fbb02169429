/**
 * Recordings through ffmpeg and pocketsphinx (Debian packages ffmpeg, pocketsphinx, pocketsphinx-en-us): WAV, MP3
 * and M4A are detected by their bytes, transcribed offline, corrected towards the workspace's names, and become
 * call activities linked to the people named by phone or e-mail in the file name or tags — on SQLite and
 * PostgreSQL. The recordings are flite's synthetic voices (test/fixtures/ingest/media/make-media.sh); the word
 * accuracy with and without the workspace bias is printed. Skipped only when the tools are missing outside CI.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audioIngester, isAudio, peopleOfRecording } from '../../../src/intelligence/ingest/audio.ingester.js';
import { createIngestService, DEFAULT_INGEST_LIMITS } from '../../../src/intelligence/ingest/index.js';
import { biasTranscript, speechToolsInstalled, transcribe, wordAccuracy } from '../../../src/intelligence/ingest/speech.js';
import { describeEachBackend } from '../../support/backends.js';
import { FIXTURES, fixtureBytes, NOW } from './read-fixture.js';

const installed = speechToolsInstalled();
if (!installed && (process.env.CI || process.env.CRM_TEST_MEDIA === 'require')) throw new Error('ffmpeg and pocketsphinx are required in CI (apt-get install ffmpeg pocketsphinx pocketsphinx-en-us)');
if (!installed) console.warn('ffmpeg or pocketsphinx is not installed: the recognition tests are SKIPPED');

const TRUTH = fs.readFileSync(`${FIXTURES}/media/speech-truth.txt`, 'utf8').trim();
const VOCABULARY = ['Grace Hopper', 'Northwind Robotics', 'Fleet Cloud', 'Linus Park', 'Tidewater Labs', 'Orbit Foods', 'Mei Tanaka', 'Data Platform'];
const RECORDINGS = ['call-slt.wav', 'call-awb.mp3', 'call-rms.m4a'];

describe('recordings: detection and the workspace bias', () => {
  it('detects WAV, MP3 and M4A by their bytes, not a PNG', () => {
    for (const f of RECORDINGS) expect(isAudio(fixtureBytes(`media/${f}`))).toBe(true);
    expect(isAudio(fixtureBytes('media/business-card.png'))).toBe(false);
  });

  it('replaces words that sound like a workspace name by the name, and leaves short common words alone', () => {
    expect(biasTranscript('this is grace hopper from north winds robotics about the fleet club proposal', VOCABULARY)).toBe('this is Grace Hopper from Northwind Robotics about the Fleet Cloud proposal');
    expect(biasTranscript('please send the contract by friday', VOCABULARY)).toBe('please send the contract by friday');
  });

  it('finds the caller by the phone number in the file name and the e-mail in the tags', () => {
    const people = peopleOfRecording('call +1 415 555 0100 2026-03-10.wav', { artist: 'grace@northwind-robotics.com' });
    expect(people.map((p) => [p.emails, p.phones])).toEqual([[['grace@northwind-robotics.com'], []], [[], ['+1 415 555 0100']]]);
  });
});

describe.skipIf(!installed)('recordings: recognition', () => {
  it('transcribes three voices in three formats; the bias raises word accuracy', async () => {
    let raw = 0;
    let biased = 0;
    for (const f of RECORDINGS) {
      const started = performance.now();
      const rec = await transcribe(fixtureBytes(`media/${f}`), VOCABULARY);
      const [a, b] = [wordAccuracy(TRUTH, rec.raw), wordAccuracy(TRUTH, rec.transcript)];
      console.log(`${f}: ${rec.durationSeconds.toFixed(1)} s of audio in ${((performance.now() - started) / 1000).toFixed(1)} s; word accuracy ${a.toFixed(2)} → ${b.toFixed(2)} with the bias: ${rec.transcript}`);
      raw += a / RECORDINGS.length;
      biased += b / RECORDINGS.length;
    }
    console.log(`mean word accuracy: ${raw.toFixed(2)} without, ${biased.toFixed(2)} with the workspace bias`);
    expect(biased).toBeGreaterThan(raw);
    expect(biased).toBeGreaterThanOrEqual(0.75);
  }, 180_000);

  it('refuses a WAV header without samples, naming the problem', async () => {
    const header = fixtureBytes('media/call-slt.wav').slice(0, 44);
    await expect(audioIngester.extract(header, { limits: DEFAULT_INGEST_LIMITS, now: NOW })).rejects.toThrow(/recording is empty/);
  });
});

describeEachBackend('recordings through the ingest service', (ctx) => {
  it.skipIf(!installed)('becomes a call activity linked to the caller known by the phone in its name, her company and her deal', async () => {
    const { crm } = ctx();
    const ws = 'default';
    const company = (await crm.records.create(ws, 'company', { name: 'Northwind Robotics', domain: 'northwind-robotics.com' })).record;
    const grace = (await crm.records.create(ws, 'contact', { first_name: 'Grace', last_name: 'Hopper', email: 'grace@northwind-robotics.com', phone: '+1 415 555 0100', company_id: company.id })).record;
    const deal = (await crm.records.create(ws, 'deal', { name: 'Northwind Robotics – Fleet Cloud', product: 'Fleet Cloud', stage: 'proposal', amount: 48000, company_id: company.id, contact_id: grace.id })).record;
    const [result] = await createIngestService(crm).ingest(ws, 'call +1 415 555 0100.wav', fixtureBytes('media/call-slt.wav'));
    expect(result!.kind).toBe('audio');
    expect(result!.linked.contacts).toContain(grace.id as string);
    expect(result!.linked.companies).toContain(company.id as string);
    expect(result!.linked.deals).toContain(deal.id as string);
    const activity = await crm.records.get(ws, 'activity', result!.activityIds[0]!);
    expect(activity.type).toBe('call');
    expect(String(activity.body ?? activity.description ?? JSON.stringify(activity))).toMatch(/Grace Hopper|Northwind Robotics/);
  }, 120_000);
});
