import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { scaffolderModule } from './modules/scaffolder';
import { signInModule } from './modules/signIn';
import { catalogGraphModule } from './modules/catalogGraph';
import { safeLinksModule } from './modules/safeLinks';
import { catalogColumnsModule } from './modules/catalogColumns';

export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    scaffolderModule,
    signInModule,
    catalogGraphModule,
    safeLinksModule,
    catalogColumnsModule,
  ],
});
