/** Routes: the sign-in page, and behind it each screen at its own URL; the dashboard (and its charts), the models and the import screens load in their own chunks. */
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { DuplicatesScreen } from './screens/duplicates/DuplicatesScreen';
import { HomeScreen } from './screens/home/HomeScreen';
import { ListScreen } from './screens/list/ListScreen';
import { PipelineScreen } from './screens/pipeline/PipelineScreen';
import { RecordScreen } from './screens/record/RecordScreen';
import { RequireSession, RequireWrite } from './screens/auth/RequireSession';
import { SignInScreen } from './screens/auth/SignInScreen';
import { TasksScreen } from './screens/tasks/TasksScreen';
import { Shell } from './screens/shell/Shell';
import { Empty, Loading } from './ui/States';
import { LIST_PLURALS } from './api/entities';

const DashboardScreen = lazy(() => import('./screens/dashboard/DashboardScreen'));
// The import screen brings the CSV parser (papaparse): only with the first visit.
const ImportScreen = lazy(() => import('./screens/import/ImportScreen').then((m) => ({ default: m.ImportScreen })));
const IngestScreen = lazy(() => import('./screens/ingest/IngestScreen').then((m) => ({ default: m.IngestScreen })));
// Users, API tokens, the audit log and the password form: a chunk of their own, for the few who open them.
const SettingsScreen = lazy(() => import('./screens/settings/SettingsScreen'));
const LISTS = LIST_PLURALS;

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInScreen />} />
      <Route
        path="*"
        element={
          <RequireSession>
            <Screens />
          </RequireSession>
        }
      />
    </Routes>
  );
}

function Screens() {
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<HomeScreen />} />
        {LISTS.map((plural) => [
          <Route key={plural} path={`/${plural}`} element={<ListScreen key={plural} plural={plural} />} />,
          <Route key={`${plural}-id`} path={`/${plural}/:id`} element={<RecordScreen key={plural} plural={plural} />} />,
        ])}
        <Route path="/tasks" element={<TasksScreen />} />
        <Route path="/pipeline" element={<PipelineScreen />} />
        <Route
          path="/dashboard"
          element={
            <Suspense fallback={<Loading label="Loading dashboard…" />}>
              <DashboardScreen />
            </Suspense>
          }
        />
        {/* Models moved under Settings (admins). */}
        <Route path="/models" element={<Navigate to="/settings/models" replace />} />
        <Route
          path="/import"
          element={
            <RequireWrite>
              <Suspense fallback={<Loading label="Loading import…" />}>
                <ImportScreen />
              </Suspense>
            </RequireWrite>
          }
        />
        <Route
          path="/inbox"
          element={
            <RequireWrite>
              <Suspense fallback={<Loading label="Loading inbox…" />}>
                <IngestScreen />
              </Suspense>
            </RequireWrite>
          }
        />
        <Route path="/duplicates" element={<DuplicatesScreen />} />
        <Route
          path="/settings/*"
          element={
            <Suspense fallback={<Loading label="Loading settings…" />}>
              <SettingsScreen />
            </Suspense>
          }
        />
        <Route path="*" element={<Empty title="There is no page here.">Pick a screen on the left, or press / to ask.</Empty>} />
      </Routes>
    </Shell>
  );
}
