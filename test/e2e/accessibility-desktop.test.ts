import { DESKTOP } from '../helpers/axe';
import { describeAccessibility } from './accessibility-states';

describeAccessibility(DESKTOP);
