export { scaffolderTaskEventStacksModule } from './module';
