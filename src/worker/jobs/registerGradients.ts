/**
 * tfjs-core registers no gradients by itself; training needs them. Imported for its side
 * effect by the entry points that train (worker request dispatch, CLI train/cv). Tests load
 * the same file by path instead (Node cannot require this ESM file from node_modules).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
