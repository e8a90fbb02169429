/** The CRM's service layer, assembled from a storage backend and a clock (no singletons). */
import { systemClock, toTimestamp, type Clock } from '../core/clock.js';
import { DEFAULT_CRM_SETTINGS, type CrmSettings } from '../core/config.js';
import type { Storage } from '../storage/index.js';
import { createAccessService, type AccessOptions, type AccessService } from './access/access.service.js';
import { AuditService } from './audit.service.js';
import { OutcomeLogService } from './outcomes.service.js';
import { WorkspaceService } from './workspaces.service.js';
import { ChangeFeed } from './change-feed.js';
import { checkRecommendationLinks } from './deal-strategy-links.js';
import { DealFlagService } from './deal-flags.js';
import { DealSettingsService } from './deal-settings.js';
import { ForecastService } from './forecast.js';
import { HomeService } from './home.service.js';
import { ExportService } from './export.service.js';
import { ImportService } from './import.service.js';
import { MergeService } from './merge.service.js';
import { PrivacyService } from './privacy.service.js';
import { RecordService } from './records.service.js';
import { TimelineService } from './timeline.service.js';
import { ViewService } from './views.service.js';
import { reindexSearch, SEARCH_FORMAT_MIGRATION } from './search-reindex.js';

export const DEFAULT_WORKSPACE = 'default';

export interface Crm {
  storage: Storage;
  clock: Clock;
  records: RecordService;
  merge: MergeService;
  timeline: TimelineService;
  importer: ImportService;
  exporter: ExportService;
  /** What the CRM holds about a person (data-subject access). */
  privacy: PrivacyService;
  /** Users, sessions, API tokens and memberships. */
  access: AccessService;
  /** Saved views of the list screens. */
  views: ViewService;
  /** Subscribe here to act on every committed record change (in its transaction). */
  changes: ChangeFeed;
  /** The audit log: who changed what, sign-ins, tokens and members. */
  audit: AuditService;
  /** The outcome log the learners read (deals won and lost, leads converted). */
  outcomes: OutcomeLogService;
  workspaces: WorkspaceService;
  /** The home screen: my tasks, my deals closing soon, recent activity. */
  home: HomeService;
  /** A workspace's lost reasons and idle threshold. */
  dealSettings: DealSettingsService;
  /** Idle, overdue and similar flags of deals. */
  dealFlags: DealFlagService;
  forecasts: ForecastService;
}

export function createCrm(deps: { storage: Storage; clock?: Clock; access?: AccessOptions; settings?: CrmSettings }): Crm {
  const clock = deps.clock ?? systemClock;
  const { storage } = deps;
  const changes = new ChangeFeed();
  // An activity's recommendation_id must name a recommendation of the workspace (issue 19); checked in the write.
  changes.subscribe(checkRecommendationLinks);
  const records = new RecordService(storage, clock, changes);
  return {
    storage,
    clock,
    records,
    merge: new MergeService(storage, clock, changes),
    timeline: new TimelineService(storage),
    importer: new ImportService(storage, clock, changes, deps.settings ?? DEFAULT_CRM_SETTINGS),
    exporter: new ExportService(storage),
    privacy: new PrivacyService(storage, clock, changes),
    access: createAccessService(storage, clock, deps.access),
    views: new ViewService(storage, clock),
    changes,
    audit: new AuditService(storage),
    outcomes: new OutcomeLogService(storage),
    workspaces: new WorkspaceService(storage, clock),
    home: new HomeService(records, storage),
    dealSettings: new DealSettingsService(storage, clock),
    dealFlags: new DealFlagService(storage, clock),
    forecasts: new ForecastService(storage, clock),
  };
}

/** Applies migrations and makes sure the default workspace exists. Returns the migrations applied now. */
export async function prepareStorage(storage: Storage, clock: Clock = systemClock): Promise<string[]> {
  const applied = await storage.migrate();
  if (applied.includes(SEARCH_FORMAT_MIGRATION)) await reindexSearch(storage);
  await storage.workspaces.ensure({ id: DEFAULT_WORKSPACE, name: 'Default workspace', created_at: toTimestamp(clock.now()) });
  return applied;
}

export type { RecordService } from './records.service.js';
export type { ChangeListener, RecordChange } from './change-feed.js';
