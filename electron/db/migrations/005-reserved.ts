import type { Migration } from '../migrate';

/**
 * Placeholder: version 5 is reserved for the fact storage change being made on another
 * branch. Migrations must be numbered without gaps, so until that branch lands this stands
 * in for it and changes nothing. When merging, replace this file with that migration.
 */
export const migration005: Migration = {
  version: 5,
  name: '005-reserved',
  up() {
    // nothing: see above
  },
};
