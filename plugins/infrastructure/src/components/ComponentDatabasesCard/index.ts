export { ComponentDatabasesCard } from './ComponentDatabasesCard';
