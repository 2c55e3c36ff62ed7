import { PHONE } from '../helpers/axe';
import { describeAccessibility } from './accessibility-states';

describeAccessibility(PHONE);
