/** The bar chart behind React.lazy: recharts arrives in its own chunk the first time a chart is shown. */
import { lazy, Suspense, type ComponentProps } from 'react';

const BarChart = lazy(() => import('./BarChart'));

export function LazyBarChart(props: ComponentProps<typeof BarChart>) {
  return (
    <Suspense fallback={<div className="chart chart-loading" style={{ height: props.height ?? 120 }} aria-hidden="true" />}>
      <BarChart {...props} />
    </Suspense>
  );
}
