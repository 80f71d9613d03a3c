import { type ReactNode, useEffect } from 'react';
import { AlertDetailPage } from './alert-detail-page';
import { AlertsPage } from './alerts-page';
import { api } from './api';
import { AssetPage } from './asset-page';
import { ConnectorsPage } from './connectors-page';
import { FailureModesPage } from './failure-modes-page';
import { FleetPage } from './fleet-page';
import { Icon, type IconName } from './icons';
import { KnowledgePage } from './knowledge-page';
import { LessonPage } from './lesson-page';
import { LessonsPage } from './lessons-page';
import { live, useLiveStatus } from './live';
import { Logo } from './logo';
import { ModelsPage } from './models-page';
import { PlanPage } from './plan-page';
import { ProcedurePage } from './procedure-page';
import { ProceduresPage } from './procedures-page';
import { QualityPage } from './quality-page';
import { RegistryPage } from './registry-page';
import { RoiPage } from './roi-page';
import { type Route, routes, useRoute } from './router';
import { SensorDetailPage } from './sensor-detail-page';
import { EmptyState } from './state-views';
import { StatusBar } from './status-bar';
import { TrainingAttemptPage } from './training-attempt-page';
import { TrainingInstructorPage } from './training-instructor-page';
import { TrainingPage } from './training-page';
import { useActiveAlerts } from './use-active-alerts';
import { useAsync } from './use-async';
import { WorkOrderPage } from './work-order-page';
import { WorkOrdersPage } from './work-orders-page';

const SERVER_POLL_MS = 30_000;

function NavLink({
  href,
  active,
  icon,
  label,
  badge,
}: {
  href: string;
  active: boolean;
  icon: IconName;
  label: string;
  badge?: number;
}) {
  return (
    <a
      className={`nav-link ${active ? 'active' : ''}`}
      href={href}
      aria-current={active ? 'page' : undefined}
      title={label}
    >
      <Icon name={icon} />
      <span className="nav-label">{label}</span>
      {badge ? (
        <span className="nav-badge" data-testid="nav-alert-count">
          {badge}
        </span>
      ) : null}
    </a>
  );
}

function LiveDot() {
  const s = useLiveStatus();
  return (
    <span
      className={`live-dot live-${s.state}`}
      title={s.state === 'open' ? 'Receiving live data' : 'Live data interrupted'}
    >
      <span aria-hidden="true" />
      {s.state === 'open' ? 'LIVE' : s.state === 'connecting' ? 'CONNECTING' : 'OFFLINE'}
    </span>
  );
}

export function App() {
  const route: Route = useRoute();
  const alerts = useActiveAlerts();
  const plant = useAsync('plant', () => api.plant());
  const server = useAsync('server-health', () => api.health());
  const reloadServer = server.reload;

  useEffect(() => {
    live.start();
    return () => live.stop();
  }, []);
  useEffect(() => {
    const t = setInterval(reloadServer, SERVER_POLL_MS);
    return () => clearInterval(t);
  }, [reloadServer]);

  const activeCount = alerts.data?.length ?? 0;
  useEffect(() => {
    document.title = activeCount ? `(${activeCount}) Prognos` : 'Prognos';
  }, [activeCount]);

  let page: ReactNode;
  switch (route.page) {
    case 'fleet':
      page = <FleetPage activeAlerts={alerts.data} />;
      break;
    case 'asset':
      page = <AssetPage key={route.id} id={route.id} onAlertChange={alerts.update} />;
      break;
    case 'alerts':
      page = <AlertsPage onAlertChange={alerts.update} />;
      break;
    case 'connectors':
      page = <ConnectorsPage />;
      break;
    case 'quality':
      page = <QualityPage />;
      break;
    case 'sensor':
      page = <SensorDetailPage key={route.id} id={route.id} />;
      break;
    case 'models':
      page = <ModelsPage />;
      break;
    case 'alert':
      page = <AlertDetailPage key={route.id} id={route.id} />;
      break;
    case 'work-orders':
      page = <WorkOrdersPage />;
      break;
    case 'work-order':
      page = <WorkOrderPage key={route.id} id={route.id} />;
      break;
    case 'failure-modes':
      page = <FailureModesPage />;
      break;
    case 'plan':
      page = <PlanPage />;
      break;
    case 'registry':
      page = <RegistryPage tab={route.tab} assetId={route.assetId} />;
      break;
    case 'procedures':
      page = <ProceduresPage />;
      break;
    case 'roi':
      page = <RoiPage />;
      break;
    case 'procedure':
      page = <ProcedurePage key={route.id} id={route.id} />;
      break;
    case 'knowledge':
      page = <KnowledgePage q={route.q} />;
      break;
    case 'lessons':
      page = <LessonsPage />;
      break;
    case 'lesson':
      page = <LessonPage key={route.id} id={route.id} />;
      break;
    case 'training':
      page = <TrainingPage />;
      break;
    case 'training-attempt':
      page = <TrainingAttemptPage key={route.id} id={route.id} />;
      break;
    case 'training-instructor':
      page = <TrainingInstructorPage />;
      break;
    default:
      page = (
        <div className="page">
          <EmptyState title="Page not found">
            Nothing lives at <code>{route.path}</code>. <a href={routes.fleet()}>Go to the fleet overview</a>
          </EmptyState>
        </div>
      );
  }

  return (
    <div className="app">
      <header className="topbar">
        <Logo />
        <span className="topbar-site">{plant.data?.site.name ?? ''}</span>
        <span className="spacer" />
        <LiveDot />
      </header>
      <nav className="sidebar" aria-label="Main">
        <NavLink
          href={routes.fleet()}
          active={route.page === 'fleet' || route.page === 'asset'}
          icon="fleet"
          label="Fleet"
        />
        <NavLink
          href={routes.alerts()}
          active={route.page === 'alerts' || route.page === 'alert'}
          icon="alert"
          label="Alerts"
          badge={activeCount}
        />
        <NavLink
          href={routes.workOrders()}
          active={route.page === 'work-orders' || route.page === 'work-order'}
          icon="wrench"
          label="Work orders"
        />
        <NavLink href={routes.plan()} active={route.page === 'plan'} icon="calendar" label="Plan" />
        <NavLink href={routes.roi()} active={route.page === 'roi'} icon="roi" label="ROI" />
        <NavLink href={routes.registry()} active={route.page === 'registry'} icon="registry" label="Assets" />
        <NavLink
          href={routes.failureModes()}
          active={route.page === 'failure-modes'}
          icon="book"
          label="Failure modes"
        />
        <NavLink
          href={routes.procedures()}
          active={route.page === 'procedures' || route.page === 'procedure'}
          icon="procedure"
          label="Procedures"
        />
        <NavLink href={routes.knowledge()} active={route.page === 'knowledge'} icon="search" label="Know-how" />
        <NavLink
          href={routes.training()}
          active={
            route.page === 'training' || route.page === 'training-attempt' || route.page === 'training-instructor'
          }
          icon="training"
          label="Training"
        />
        <NavLink
          href={routes.lessons()}
          active={route.page === 'lessons' || route.page === 'lesson'}
          icon="lesson"
          label="Lessons"
        />
        <NavLink
          href={routes.quality()}
          active={route.page === 'quality' || route.page === 'sensor'}
          icon="quality"
          label="Data quality"
        />
        <NavLink href={routes.models()} active={route.page === 'models'} icon="model" label="Models" />
        <NavLink href={routes.connectors()} active={route.page === 'connectors'} icon="plug" label="Connectors" />
      </nav>
      <main className="content">{page}</main>
      <StatusBar server={server.data} serverError={server.error !== undefined} />
    </div>
  );
}
