import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Shows a list of properties only where `displayOptions` says, merged with what each property
 * already has. (n8n's own nodes use the same helper from nodes-base, which community nodes cannot
 * import; newer n8n-workflow versions export one, older ones still in use do not.)
 */
export function updateDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			show: { ...displayOptions.show, ...property.displayOptions?.show },
			...((displayOptions.hide || property.displayOptions?.hide) && {
				hide: { ...displayOptions.hide, ...property.displayOptions?.hide },
			}),
		},
	}));
}
