import type { Migration } from '../migrate';
import { migration001 } from './001-settings-and-ledger';
import { migration002 } from './002-collections-and-facts';
import { migration003 } from './003-connections';
import { migration004 } from './004-identity-links';
import { migration005 } from './005-reserved';
import { migration006 } from './006-access-intervals';
import { migration007 } from './007-compact-facts';
import { migration008 } from './008-derived-body-fields';
import { migration009 } from './009-derived-listing';
import { migration010 } from './010-retired-sources';
import { migration011 } from './011-finding-versions';
import { migration012 } from './012-bucket-leaf-hashes';
import { migration013 } from './013-leaves-with-starts';

/** Every migration, in order. Append only: never edit one that has shipped. */
export const allMigrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013];
