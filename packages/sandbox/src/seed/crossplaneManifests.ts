import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../kubernetes';
import { crossplaneManifestsDir } from './paths';

export interface CrossplaneManifest {
  fileName: string;
  text: string;
  objects: KubeObject[];
}

/** The platform's XRD and Composition YAML from `packages/sandbox/crossplane`. */
export function loadCrossplaneManifests(
  dir: string = crossplaneManifestsDir(),
): CrossplaneManifest[] {
  return fs
    .readdirSync(dir)
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .map(fileName => {
      const text = fs.readFileSync(path.join(dir, fileName), 'utf8');
      const objects = parseAllDocuments(text)
        .map(document => document.toJS() as KubeObject | null)
        .filter((object): object is KubeObject => object !== null);
      return { fileName, text, objects };
    });
}
