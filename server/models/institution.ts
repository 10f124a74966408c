import { Schema } from 'mongoose';
import { institutionLevels } from '../../shared/comanagement/referrals';

/**
 * An institution of the programme (`_id` = the institution id residents and staff carry, e.g.
 * `inst-east`). `targetPopulation` is the 签约率 denominator the programme sets for it; `areaType`
 * (城市/农村) and `region` (长江以北/以南) are its residents' default for the China-PAR risk. `level`:
 * primary care (基层, where residents contract), or a county or city hospital whose specialists
 * co-manage and receive referrals (医防融合, 双向转诊).
 */
export const institutionSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    targetPopulation: { type: Number, default: null },
    /** Where the institution's residents live, for China-PAR when a resident's own is not recorded. */
    areaType: { type: String, enum: ['urban', 'rural', null], default: null },
    region: { type: String, enum: ['north', 'south', null], default: null },
    level: { type: String, enum: institutionLevels, default: 'primary' },
    createdAt: { type: Date, required: true },
    createdByAccountId: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
institutionSchema.index({ createdAt: -1 });
