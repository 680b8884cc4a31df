import type { RepositoryProfile } from '../profiles';
import { commonFiles } from './commonFiles';
import { goKit } from './go';
import { jvmKit } from './jvm';
import type { LanguageKit } from './LanguageKit';
import {
  actionsKit,
  infrastructureKit,
  InfrastructureFiles,
  schemasKit,
} from './other';
import { phpKit } from './php';
import { pythonKit } from './python';
import { typescriptKit } from './typescript';

export type { Dependency, LanguageKit } from './LanguageKit';
export type { InfrastructureFiles } from './other';

export function languageKitOf(
  profile: RepositoryProfile,
  infrastructure: InfrastructureFiles,
): LanguageKit {
  switch (profile.language) {
    case 'typescript':
      return typescriptKit(profile);
    case 'go':
      return goKit(profile);
    case 'kotlin':
    case 'java':
      return jvmKit(profile, profile.language);
    case 'python':
      return pythonKit(profile);
    case 'php':
      return phpKit(profile);
    case 'avro':
      return schemasKit(profile);
    case 'actions':
      return actionsKit();
    case 'infrastructure':
      return infrastructureKit(infrastructure);
    default:
      return goKit(profile);
  }
}

/** The repository's first tree: common files plus the language's own. */
export function initialFiles(
  profile: RepositoryProfile,
  kit: LanguageKit,
): Record<string, string> {
  return { ...kit.files(), ...commonFiles(profile, kit) };
}
