import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Provision a database page. */
export const rootRouteRef = createRouteRef();
