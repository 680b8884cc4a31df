import { HumanDuration } from '@backstage/types';

export interface Config {
  scorecards?: {
    /**
     * Where check and scorecard definitions are read, through the UrlReader:
     * URLs of YAML files (e.g. a file in the platform team's repository), or
     * of a folder whose *.yaml files are all read. Relative `file:` paths are
     * resolved against the backend's working directory.
     */
    definitions?: {
      locations?: string[];
      /** How often every replica reads the definitions again. Default: 10 minutes. */
      reloadFrequency?: HumanDuration;
    };
    /** How often every entity is evaluated again. Default: every 10 minutes, first after 15 seconds. */
    evaluation?: {
      schedule?: {
        frequency?: HumanDuration;
        timeout?: HumanDuration;
        initialDelay?: HumanDuration;
      };
    };
    /** Default schedule of collectors that declare none. Default: every 30 minutes. */
    collection?: {
      schedule?: { frequency?: HumanDuration; timeout?: HumanDuration };
    };
    /** How long fact and result history is kept. Default: 400 days. */
    retention?: HumanDuration;
    /** Exemptions: the longest allowed expiry. Default: 180 days. */
    exemptions?: { maxDuration?: HumanDuration };
    /** The GitHub collector. */
    github?: {
      /** Host of repositories named by github.com/project-slug. Default: github.com. */
      host?: string;
      /**
       * The platform's reusable CI workflow as workflows call it, without the ref,
       * e.g. `tidewater/ci-templates/.github/workflows/build.yaml`; the collector
       * reports the ref `.github/workflows/*` call it at.
       */
      reusableWorkflow?: string;
      /** Path of the golden path's lock file in a service repository. Default: `.callboard/template.json`. */
      lockFile?: string;
    };
  };
}
