export {
  BACKEND_NAMES,
  initBackend,
  type BackendChoice,
  type BackendName,
} from './backend.ts';
export {
  encodeSymmetricRelu,
  symmetricReluWeightGradient,
  type EncoderForward,
} from './symmetric-relu-encoder.ts';
